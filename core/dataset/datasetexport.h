// Training data sets as JSONL in the TRL conversational VLM ("messages") form
// shared by the whole project (see the shared formats in the developer notes):
// one example per line, the overlay image (frame + mask through TrainingOverlay,
// at the project's opacity) written beside it under images/, paths relative to the
// JSONL file's folder. Only reviewed data goes out: accepted or edited teacher
// answers for SFT, approved preference pairs for DPO.
#pragma once

#include <QString>
#include <QStringList>
#include <stdexcept>

namespace sd {

class ProjectStore;

class DatasetError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr const char *kSftFileName = "sft.jsonl";
inline constexpr const char *kDpoFileName = "dpo.jsonl";
inline constexpr const char *kDefaultSystemPrompt = "You are a surgical assistant.";

struct DatasetExportOptions {
    QString split = QStringLiteral("all");   // "train", "test" or "all"
    QString systemPrompt = QString::fromLatin1(kDefaultSystemPrompt);
    // SFT: after each answer also a short naming example on the same image ("Which structure is
    // highlighted in green?" -> its name, from the reviewed mask's label; meta "kind": "naming").
    // A model trained from scratch (cme-tiny) gets little signal to read the overlay from long
    // answers, whose one name token is lost among a hundred predictable ones.
    bool namingExamples = false;
};

struct DatasetExportSummary {
    QString jsonlPath;
    int examples = 0;
    int images = 0;
    int skipped = 0;                 // reviewed examples left out (other split, mask gone)
};

// Write DIR/sft.jsonl (or dpo.jsonl), DIR/images/*.png and DIR/NOTICE.txt (the clinical-review notice).
// The folder is created if needed; existing files of the same names are replaced atomically.
// Throws DatasetError (bad split, unwritable folder, unreadable frame).
DatasetExportSummary exportSftJsonl(const ProjectStore &store, const QString &dir,
                                    const DatasetExportOptions &options = {});
DatasetExportSummary exportDpoJsonl(const ProjectStore &store, const QString &dir,
                                    const DatasetExportOptions &options = {});

// Reads DPO pairs (the export's line form; meta.frame_id and meta.structure must name a frame and a
// structure of this project) into proposed PreferencePair rows, so the pair review works
// before a trained model exists. All or nothing: any bad line throws DatasetError naming the line and
// nothing is stored. Returns the number of pairs added.
int importDpoJsonl(ProjectStore &store, const QString &jsonlPath);

} // namespace sd
