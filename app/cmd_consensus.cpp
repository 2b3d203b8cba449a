// The consensus actions of `surgdistill review` (independent annotations per frame,
// honeypots, the agreement report); cmd_review.cpp hands them over. They take
// --project DIR like the other project commands.
#include "cmd_consensus.h"

#include "cliutil.h"
#include "consensus/agreementreport.h"
#include "consensus/honeypots.h"
#include "consensus/independentannotation.h"
#include "currentuser.h"
#include "store/projectstore.h"
#include "widgets/markdownpdf.h"

#include <QDir>
#include <QSaveFile>

namespace sd::app {

namespace {

const QCommandLineOption projectOption{QStringLiteral("project"), QStringLiteral("The project folder."),
                                       QStringLiteral("DIR")};

int runAgreement(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill review agreement");
    QTextStream out(stdout), err(stderr);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Writes agreement.csv and agreement.pdf into DIR: the pairwise Dice of the submitted independent\n"
        "annotations per structure, each annotator's Dice against the approved reference masks and on the\n"
        "honeypot frames, and the counts. The CSV columns are described in the README."));
    p.addOptions({projectOption, {QStringLiteral("out"), QStringLiteral("Output folder."), QStringLiteral("DIR")}});
    if (const int rc = parseOrHelp(p, command, {}, args); rc >= 0)
        return rc;
    if (!p.isSet(QStringLiteral("out"))) {
        err << command << ": --out DIR is required\n";
        return 2;
    }
    auto store = openProject(p.value(projectOption), OpenMode::ReadOnly, command, err);
    if (!store)
        return 1;
    try {
        const consensus::AgreementReport report = consensus::agreementReport(*store);
        const QString dir = p.value(QStringLiteral("out"));
        if (!QDir().mkpath(dir))
            throw std::runtime_error(QStringLiteral("cannot create %1").arg(dir).toStdString());
        const QString csvPath = QDir(dir).filePath(QStringLiteral("agreement.csv"));
        QSaveFile csv(csvPath);
        const QByteArray bytes = consensus::agreementCsv(report).toUtf8();
        if (!csv.open(QIODevice::WriteOnly) || csv.write(bytes) != bytes.size() || !csv.commit())
            throw std::runtime_error(QStringLiteral("cannot write %1: %2").arg(csvPath, csv.errorString()).toStdString());
        ui::writeMarkdownPdf(consensus::agreementMarkdown(report, store->setting(QStringLiteral("name"))),
                             QStringLiteral("SurgDistill annotator agreement"),
                             QDir(dir).filePath(QStringLiteral("agreement.pdf")));
        out << "Wrote " << csvPath << " and agreement.pdf: " << report.rows.size() << " rows, "
            << report.submittedAnnotations << " submitted annotations, " << report.honeypotResults
            << " honeypot results\n";
        return 0;
    } catch (const std::exception &e) {
        err << command << ": " << QString::fromUtf8(e.what()) << "\n";
        return 1;
    }
}

int runHoneypots(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill review honeypots");
    QTextStream out(stdout), err(stderr);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Marks a seeded share of the approved frames as honeypots: annotators get them like any frame to\n"
        "annotate independently, without seeing the reference, and their Dice against it is recorded.\n"
        "Frames marked before count towards the share; the same seed picks the same frames."));
    p.addOptions({projectOption,
                  {QStringLiteral("share"), QStringLiteral("Share of approved frames, above 0 and at most 1."),
                   QStringLiteral("X"), QStringLiteral("0.1")},
                  {QStringLiteral("seed"), QStringLiteral("Random seed."), QStringLiteral("N"), QStringLiteral("1")},
                  {QStringLiteral("user"), QStringLiteral("Who marks them (default: the current user)."),
                   QStringLiteral("NAME")}});
    if (const int rc = parseOrHelp(p, command, {}, args); rc >= 0)
        return rc;
    bool ok = false;
    const double share = p.value(QStringLiteral("share")).toDouble(&ok);
    if (!ok) {
        err << command << ": --share must be a number such as 0.1, got '" << p.value(QStringLiteral("share")) << "'\n";
        return 2;
    }
    qint64 seed = 1;
    if (!intOption(p, QStringLiteral("seed"), 0, std::numeric_limits<qint64>::max(), seed, command, err))
        return 2;
    auto store = openProject(p.value(projectOption), OpenMode::ReadWrite, command, err);
    if (!store)
        return 1;
    try {
        const QString user = p.isSet(QStringLiteral("user")) ? p.value(QStringLiteral("user")) : currentUserName();
        const consensus::HoneypotSelection s = consensus::markHoneypots(*store, share, seed, user);
        QStringList ids;
        for (qint64 id : s.newlyMarked)
            ids << QString::number(id);
        out << "Approved frames: " << s.approvedFrames << ", honeypots wanted: " << s.target
            << ", already marked: " << s.alreadyMarked << ", newly marked: " << s.newlyMarked.size()
            << (ids.isEmpty() ? QString() : QStringLiteral(" (frames %1)").arg(ids.join(QStringLiteral(", "))))
            << "\n";
        return 0;
    } catch (const std::exception &e) {
        err << command << ": " << QString::fromUtf8(e.what()) << "\n";
        return 1;
    }
}

int runIndependent(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill review independent");
    QTextStream out(stdout), err(stderr);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Shows or sets how many independent annotations each frame gets (1 = one shared mask)."));
    p.addOptions({projectOption, {QStringLiteral("count"), QStringLiteral("Annotations per frame, 1 to 9."),
                                  QStringLiteral("N")}});
    if (const int rc = parseOrHelp(p, command, {}, args); rc >= 0)
        return rc;
    qint64 count = 0;
    if (!intOption(p, QStringLiteral("count"), 1, consensus::kMaxIndependentAnnotations, count, command, err))
        return 2;
    auto store = openProject(p.value(projectOption), count ? OpenMode::ReadWrite : OpenMode::ReadOnly, command, err);
    if (!store)
        return 1;
    if (count)
        consensus::setIndependentAnnotations(*store, int(count));
    out << "Independent annotations per frame: " << consensus::independentAnnotations(*store) << "\n";
    return 0;
}

} // namespace

std::optional<int> runConsensusAction(const QString &action, const QStringList &args)
{
    if (action == QLatin1String("agreement"))
        return runAgreement(args);
    if (action == QLatin1String("honeypots"))
        return runHoneypots(args);
    if (action == QLatin1String("independent"))
        return runIndependent(args);
    return std::nullopt;
}

} // namespace sd::app
