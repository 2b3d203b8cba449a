// `surgdistill dataset export|import-dpo`: the reviewed training data as
// JSONL with overlay images, and DPO pairs from JSONL into the pair review.
#include "cliutil.h"
#include "command.h"

#include "dataset/datasetexport.h"
#include "store/projectstore.h"
#include "teacher/offlineteacher.h"

#include <QDir>
#include <QTextStream>

namespace {

using namespace sd;
using namespace sd::app;

QString groupHelp()
{
    return QStringLiteral("Usage: surgdistill dataset <action> [options]\n\n"
                          "Actions:\n"
                          "  export       write the reviewed SFT answers or approved DPO pairs as JSONL with images\n"
                          "  import-dpo   read DPO pairs from JSONL into the project's pair review\n");
}

int runExport(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill dataset export");
    QTextStream out(stdout), err(stderr);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Writes DIR/sft.jsonl (accepted or edited teacher answers) or DIR/dpo.jsonl (approved preference pairs) "
        "with the overlay images under DIR/images."));
    p.addOptions({
        {QStringLiteral("project"), QStringLiteral("The project folder."), QStringLiteral("DIR")},
        {QStringLiteral("out"), QStringLiteral("Output folder."), QStringLiteral("DIR")},
        {QStringLiteral("kind"), QStringLiteral("sft (default) or dpo."), QStringLiteral("KIND"), QStringLiteral("sft")},
        {QStringLiteral("split"), QStringLiteral("train, test or all (default)."), QStringLiteral("SPLIT"),
         QStringLiteral("all")},
        {QStringLiteral("naming-examples"),
         QStringLiteral("SFT: after each answer also a short example that only names the highlighted structure "
                        "(helps a model trained from scratch learn to read the overlay).")},
    });
    if (const int rc = parseOrHelp(p, command, {}, args); rc >= 0)
        return rc;
    const QString kind = p.value(QStringLiteral("kind"));
    if (kind != QLatin1String("sft") && kind != QLatin1String("dpo")) {
        err << command << ": --kind must be sft or dpo\n";
        return 2;
    }
    if (p.value(QStringLiteral("out")).isEmpty()) {
        err << command << ": --out DIR is required\n";
        return 2;
    }
    auto store = openProject(p.value(QStringLiteral("project")), OpenMode::ReadOnly, command, err);
    if (!store)
        return 1;
    try {
        DatasetExportOptions o;
        o.split = p.value(QStringLiteral("split"));
        o.namingExamples = p.isSet(QStringLiteral("naming-examples"));
        const DatasetExportSummary s = kind == QLatin1String("sft")
            ? exportSftJsonl(*store, p.value(QStringLiteral("out")), o)
            : exportDpoJsonl(*store, p.value(QStringLiteral("out")), o);
        out << "Wrote " << s.examples << " " << kind.toUpper() << " examples and " << s.images << " images to "
            << QDir::toNativeSeparators(s.jsonlPath) << (s.skipped ? QStringLiteral(" (%1 skipped)").arg(s.skipped) : QString())
            << "\nNote: " << kClinicalReviewNotice << "\n";
        if (s.examples == 0)
            err << command << ": warning: no reviewed examples; review teacher answers (or approve pairs) first\n";
        return 0;
    } catch (const std::exception &e) {
        err << command << ": " << e.what() << "\n";
        return 1;
    }
}

int runImportDpo(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill dataset import-dpo");
    QTextStream out(stdout), err(stderr);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Adds the DPO pairs of FILE (dpo.jsonl form; meta.frame_id and meta.structure name the example) as "
        "proposed pairs for expert review. All or nothing."));
    p.addOption({QStringLiteral("project"), QStringLiteral("The project folder."), QStringLiteral("DIR")});
    p.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("JSONL file."));
    if (const int rc = parseOrHelp(p, command, QStringLiteral("FILE"), args); rc >= 0)
        return rc;
    if (p.positionalArguments().size() != 1) {
        err << command << ": expected exactly one FILE\n";
        return 2;
    }
    auto store = openProject(p.value(QStringLiteral("project")), OpenMode::ReadWrite, command, err);
    if (!store)
        return 1;
    try {
        out << "Imported " << importDpoJsonl(*store, p.positionalArguments().front()) << " pairs for review\n";
        return 0;
    } catch (const std::exception &e) {
        err << command << ": " << e.what() << "\n";
        return 1;
    }
}

int runDataset(const QStringList &args)
{
    return dispatchActions(QStringLiteral("dataset"), groupHelp(),
                           {{QStringLiteral("export"), runExport}, {QStringLiteral("import-dpo"), runImportDpo}},
                           args);
}

} // namespace

SD_REGISTER_COMMAND(datasetCommand, QStringLiteral("dataset"),
                    QStringLiteral("export reviewed training data as JSONL (dataset export --project P --out DIR)"),
                    runDataset, false);
