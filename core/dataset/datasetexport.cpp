#include "datasetexport.h"

#include "trainingoverlay.h"
#include "imageio.h"
#include "json_limits.h"
#include "store/projectstore.h"
#include "teacher/answerreview.h"
#include "teacher/offlineteacher.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <map>
#include <opencv2/core.hpp>

namespace sd {
namespace {

using nlohmann::json;

std::string utf8(const QString &s)
{
    return s.toStdString();
}

json textMessage(const char *role, const QString &text)
{
    return {{"role", role}, {"content", json::array({json{{"type", "text"}, {"text", utf8(text)}}})}};
}

json userMessage(const QString &question)
{
    return {{"role", "user"},
            {"content", json::array({json{{"type", "image"}}, json{{"type", "text"}, {"text", utf8(question)}}})}};
}

// A frame that was never held out is training material: "train" takes every frame outside the test split.
bool splitMatches(const QString &wanted, const Frame &f)
{
    if (wanted == QLatin1String("train"))
        return f.split != QLatin1String("test");
    return wanted == QLatin1String("all") || f.split == wanted;
}

// Writes images and lines; shared by both kinds.
class Writer {
public:
    Writer(const ProjectStore &store, const QString &dir, const DatasetExportOptions &options, const char *fileName)
        : m_store(store), m_dir(QDir(dir).absolutePath()), m_options(options), m_overlay(store)
    {
        if (options.split != QLatin1String("all") && options.split != QLatin1String("train")
            && options.split != QLatin1String("test"))
            throw DatasetError("the split must be train, test or all, not '" + options.split.toStdString() + "'");
        if (!QDir().mkpath(QDir(m_dir).filePath(QStringLiteral("images"))))
            throw DatasetError("cannot create the folder " + m_dir.toStdString());
        m_summary.jsonlPath = QDir(m_dir).filePath(QString::fromLatin1(fileName));
        for (const Structure &s : store.structures())
            m_keys[s.id] = s.key;
    }

    // Returns the relative image path, or an empty string when the example cannot be made.
    QString image(const Frame &f, qint64 structureId)
    {
        const auto mask = m_store.mask(f.id, structureId);
        if (!mask || mask->rle.isEmpty())
            return {};
        const QString rel = QStringLiteral("images/%1_%2.png").arg(f.id, 6, 10, QLatin1Char('0')).arg(m_keys[structureId]);
        if (!m_written.count(rel)) {
            try {
                const cv::Mat frame = loadImage(m_store.absolutePath(f.mediaPath));
                const cv::Mat m = mask->rle.decode();
                if (m.rows != frame.rows || m.cols != frame.cols)
                    throw DatasetError(QStringLiteral("frame %1: the %2 mask is %3x%4 but the frame is %5x%6")
                                           .arg(f.id).arg(m_keys[structureId]).arg(m.cols).arg(m.rows)
                                           .arg(frame.cols).arg(frame.rows).toStdString());
                saveImagePng(QDir(m_dir).filePath(rel), m_overlay.compose(frame, m));
            } catch (const ImageError &e) {
                throw DatasetError(e.what());
            }
            m_written[rel] = true;
            ++m_summary.images;
        }
        return rel;
    }

    json meta(const Frame &f, qint64 structureId) const
    {
        return {{"frame_id", f.id}, {"structure", utf8(m_keys.at(structureId))}, {"side", utf8(sideToString(f.side))},
                {"phase", utf8(f.phase)}, {"split", utf8(f.split)}};
    }

    QString key(qint64 structureId) const { return m_keys.at(structureId); }

    void add(const json &line)
    {
        m_lines += QByteArray::fromStdString(line.dump()) + '\n';
        ++m_summary.examples;
    }
    void skip() { ++m_summary.skipped; }

    DatasetExportSummary finish(const QString &what)
    {
        QSaveFile out(m_summary.jsonlPath);
        if (!out.open(QIODevice::WriteOnly) || out.write(m_lines) != m_lines.size() || !out.commit())
            throw DatasetError("cannot write " + m_summary.jsonlPath.toStdString());
        QSaveFile notice(QDir(m_dir).filePath(QStringLiteral("NOTICE.txt")));
        const QByteArray text = QStringLiteral("SurgDistill %1 data set: %2 examples.\n%3\n")
                                    .arg(what).arg(m_summary.examples).arg(QString::fromLatin1(kClinicalReviewNotice))
                                    .toUtf8();
        if (notice.open(QIODevice::WriteOnly)) {
            notice.write(text);
            notice.commit();
        }
        return m_summary;
    }

private:
    const ProjectStore &m_store;
    QString m_dir;
    DatasetExportOptions m_options;
    TrainingOverlay m_overlay; // at the project's opacity: the model learns from what the reviewer saw
    std::map<qint64, QString> m_keys;
    std::map<QString, bool> m_written;
    QByteArray m_lines;
    DatasetExportSummary m_summary;
};

QString paperQuestion()
{
    return QStringLiteral("Identify the highlighted anatomical structure and explain its significance for Complete "
                          "Mesocolic Excision.");
}

// The naming example's question and answer, worded as the offline teacher names the structure.
std::pair<QString, QString> namingExample(const QString &structureKey, const QString &language)
{
    const QString name = knowledgeName(structureKey, language, structureKey);
    if (language == QLatin1String("de"))
        return {QStringLiteral("Welche Struktur ist grün markiert?"), QStringLiteral("Markiert ist: %1.").arg(name)};
    return {QStringLiteral("Which structure is highlighted in green?"),
            QStringLiteral("The highlighted structure is the %1.").arg(name)};
}

} // namespace

DatasetExportSummary exportSftJsonl(const ProjectStore &store, const QString &dir, const DatasetExportOptions &options)
{
    Writer w(store, dir, options, kSftFileName);
    for (const TeacherRequest &r : store.teacherRequests(RequestStatus::Done)) {
        for (const TeacherAnswer &a : store.teacherAnswers(r.id)) {
            const auto text = approvedAnswerText(store, a.id);
            if (!text)
                continue;
            const auto frame = store.frame(r.frameId);
            if (!frame || !splitMatches(options.split, *frame)) {
                w.skip();
                continue;
            }
            const QString image = w.image(*frame, r.structureId);
            if (image.isEmpty()) {
                w.skip();
                continue;
            }
            const QString question = r.question.isEmpty() ? paperQuestion() : r.question;
            w.add({{"messages", json::array({textMessage("system", options.systemPrompt), userMessage(question),
                                             textMessage("assistant", *text)})},
                   {"images", json::array({utf8(image)})},
                   {"meta", w.meta(*frame, r.structureId)}});
            if (options.namingExamples) {
                const auto [namingQuestion, namingAnswer] = namingExample(w.key(r.structureId), r.language);
                json meta = w.meta(*frame, r.structureId);
                meta["kind"] = "naming";
                w.add({{"messages", json::array({textMessage("system", options.systemPrompt),
                                                 userMessage(namingQuestion),
                                                 textMessage("assistant", namingAnswer)})},
                       {"images", json::array({utf8(image)})},
                       {"meta", meta}});
            }
        }
    }
    return w.finish(QStringLiteral("SFT"));
}

DatasetExportSummary exportDpoJsonl(const ProjectStore &store, const QString &dir, const DatasetExportOptions &options)
{
    Writer w(store, dir, options, kDpoFileName);
    for (const PreferencePair &p : store.preferencePairs(PairStatus::Approved)) {
        const auto frame = store.frame(p.frameId);
        if (!frame || !splitMatches(options.split, *frame)) {
            w.skip();
            continue;
        }
        const QString image = w.image(*frame, p.structureId);
        if (image.isEmpty()) {
            w.skip();
            continue;
        }
        w.add({{"prompt", json::array({textMessage("system", options.systemPrompt),
                                       userMessage(p.prompt.isEmpty() ? paperQuestion() : p.prompt)})},
               {"chosen", json::array({textMessage("assistant", p.chosen)})},
               {"rejected", json::array({textMessage("assistant", p.rejected)})},
               {"images", json::array({utf8(image)})},
               {"meta", w.meta(*frame, p.structureId)}});
    }
    return w.finish(QStringLiteral("DPO"));
}

namespace {

// The text part of the last message with the given role in a message list.
QString textOf(const json &messages, const char *role)
{
    if (!messages.is_array())
        throw DatasetError("expected a list of messages");
    for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
        if (!it->is_object() || it->value("role", "") != role)
            continue;
        const json &content = (*it)["content"];
        if (content.is_string())
            return QString::fromStdString(content.get<std::string>());
        if (content.is_array())
            for (const json &part : content)
                if (part.is_object() && part.value("type", "") == "text" && part.contains("text")
                    && part["text"].is_string())
                    return QString::fromStdString(part["text"].get<std::string>());
    }
    throw DatasetError(std::string("no ") + role + " message with text");
}

} // namespace

int importDpoJsonl(ProjectStore &store, const QString &jsonlPath)
{
    QFile f(jsonlPath);
    if (!f.open(QIODevice::ReadOnly))
        throw DatasetError("cannot read " + jsonlPath.toStdString());
    std::vector<PreferencePair> pairs;
    int lineNo = 0;
    while (!f.atEnd()) {
        const QByteArray line = f.readLine().trimmed();
        ++lineNo;
        if (line.isEmpty())
            continue;
        const std::string where = jsonlPath.toStdString() + " line " + std::to_string(lineNo) + ": ";
        try {
            const json j = parseJsonBounded(std::string_view(line.constData(), size_t(line.size())));
            if (!j.is_object() || !j.contains("meta") || !j["meta"].is_object())
                throw DatasetError("no meta object");
            const json &meta = j["meta"];
            if (!meta.contains("frame_id") || !meta["frame_id"].is_number_integer())
                throw DatasetError("meta.frame_id is missing or not a whole number");
            if (!meta.contains("structure") || !meta["structure"].is_string())
                throw DatasetError("meta.structure is missing");
            PreferencePair p;
            p.frameId = meta["frame_id"].get<qint64>();
            if (!store.frame(p.frameId))
                throw DatasetError("frame " + std::to_string(p.frameId) + " is not in this project");
            const QString key = QString::fromStdString(meta["structure"].get<std::string>());
            const auto structure = store.structureByKey(key);
            if (!structure)
                throw DatasetError("structure '" + key.toStdString() + "' is not in this project");
            p.structureId = structure->id;
            p.prompt = textOf(j.value("prompt", json()), "user");
            p.chosen = textOf(j.value("chosen", json()), "assistant");
            p.rejected = textOf(j.value("rejected", json()), "assistant");
            if (p.chosen.trimmed().isEmpty() || p.rejected.trimmed().isEmpty())
                throw DatasetError("chosen and rejected must not be empty");
            if (meta.contains("reason") && meta["reason"].is_string())
                p.reason = QString::fromStdString(meta["reason"].get<std::string>());
            p.status = PairStatus::Proposed;
            pairs.push_back(std::move(p));
        } catch (const json::exception &e) {
            throw DatasetError(where + "not valid JSON: " + e.what());
        } catch (const DatasetError &e) {
            throw DatasetError(where + e.what());
        }
    }
    store.transaction([&] {
        for (PreferencePair &p : pairs)
            store.addPreferencePair(p);
    });
    return int(pairs.size());
}

} // namespace sd
