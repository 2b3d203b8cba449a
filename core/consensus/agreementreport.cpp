#include "agreementreport.h"

#include "maskcompare.h"
#include "reviewworkflow.h"
#include "tabletext.h"

#include <QDateTime>
#include <QSet>

#include <algorithm>
#include <map>
#include <tuple>

namespace sd::consensus {

QString agreementKindToString(AgreementKind k)
{
    switch (k) {
    case AgreementKind::Reference: return QStringLiteral("reference");
    case AgreementKind::Honeypot: return QStringLiteral("honeypot");
    case AgreementKind::Pairwise: break;
    }
    return QStringLiteral("pairwise");
}

AgreementReport agreementReport(const ProjectStore &store)
{
    AgreementReport report;
    std::map<qint64, Structure> structures;
    std::map<qint64, int> order;
    int position = 0;
    for (const Structure &s : store.structures()) {
        structures[s.id] = s;
        order[s.id] = position++;
    }
    // (structure id, kind, annotator, other) -> Dice samples
    std::map<std::tuple<qint64, int, QString, QString>, std::vector<double>> samples;
    QSet<QString> annotators;
    QSet<qint64> frames;

    const std::vector<Annotation> submitted = store.submittedAnnotations(); // by frame, structure, annotator
    report.submittedAnnotations = int(submitted.size());
    for (size_t i = 0; i < submitted.size();) {
        size_t end = i; // one (frame, structure) group
        while (end < submitted.size() && submitted[end].frameId == submitted[i].frameId
               && submitted[end].structureId == submitted[i].structureId)
            ++end;
        const qint64 frameId = submitted[i].frameId, structureId = submitted[i].structureId;
        frames.insert(frameId);
        for (size_t a = i; a < end; ++a) {
            annotators.insert(submitted[a].annotator);
            for (size_t b = a + 1; b < end; ++b) {
                QString first = submitted[a].annotator, second = submitted[b].annotator;
                if (second < first)
                    std::swap(first, second);
                samples[{structureId, int(AgreementKind::Pairwise), first, second}].push_back(
                    agreementDice(submitted[a].rle, submitted[b].rle));
            }
        }
        const auto reference = store.mask(frameId, structureId);
        if (!store.isHoneypot(frameId) && reference && reviewState(store, reference->id) == ReviewState::Approved)
            for (size_t a = i; a < end; ++a)
                samples[{structureId, int(AgreementKind::Reference), submitted[a].annotator, QString()}].push_back(
                    agreementDice(submitted[a].rle, reference->rle));
        i = end;
    }
    const std::vector<HoneypotResult> honeypots = store.honeypotResults();
    report.honeypotResults = int(honeypots.size());
    report.honeypotFrames = int(store.honeypotFrames().size());
    for (const HoneypotResult &h : honeypots) {
        annotators.insert(h.annotator);
        samples[{h.structureId, int(AgreementKind::Honeypot), h.annotator, QString()}].push_back(h.dice);
    }

    for (const auto &[key, dice] : samples) {
        AgreementRow row;
        row.structureId = std::get<0>(key);
        row.kind = AgreementKind(std::get<1>(key));
        row.annotator = std::get<2>(key);
        row.otherAnnotator = std::get<3>(key);
        const auto structure = structures.find(row.structureId);
        row.structureKey = structure != structures.end() ? structure->second.key : QString::number(row.structureId);
        row.count = int(dice.size());
        double sum = 0;
        for (double d : dice)
            sum += d;
        row.meanDice = sum / double(row.count);
        row.minDice = *std::min_element(dice.begin(), dice.end());
        row.maxDice = *std::max_element(dice.begin(), dice.end());
        report.rows.push_back(row);
    }
    std::stable_sort(report.rows.begin(), report.rows.end(), [&](const AgreementRow &a, const AgreementRow &b) {
        return std::tuple(order[a.structureId], int(a.kind), a.annotator, a.otherAnnotator)
               < std::tuple(order[b.structureId], int(b.kind), b.annotator, b.otherAnnotator);
    });
    report.framesWithAnnotations = int(frames.size());
    report.annotators = QStringList(annotators.begin(), annotators.end());
    report.annotators.sort();
    return report;
}

QString agreementCsv(const AgreementReport &report)
{
    QString out = QStringLiteral("kind,structure,annotator,other_annotator,frames,mean_dice,min_dice,max_dice\n");
    for (const AgreementRow &r : report.rows)
        out += QStringList{agreementKindToString(r.kind), csvField(r.structureKey), csvField(r.annotator),
                           csvField(r.otherAnnotator), QString::number(r.count), QString::number(r.meanDice, 'f', 4),
                           QString::number(r.minDice, 'f', 4), QString::number(r.maxDice, 'f', 4)}
                   .join(QLatin1Char(','))
               + QLatin1Char('\n');
    return out;
}

QString agreementMarkdown(const AgreementReport &report, const QString &projectName)
{
    QString md = QStringLiteral("# Annotator agreement: %1\n\n").arg(markdownEscape(projectName));
    md += QStringLiteral("Written %1. Dice of submitted independent annotations: with each other (pairwise), "
                         "with the approved reference mask (reference) and on honeypot frames (honeypot).\n\n")
              .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    md += QStringLiteral("- Annotators: %1\n").arg(report.annotators.isEmpty() ? QStringLiteral("none")
                                                                              : report.annotators.join(QStringLiteral(", ")));
    md += QStringLiteral("- Frames with submitted annotations: %1\n").arg(report.framesWithAnnotations);
    md += QStringLiteral("- Submitted annotations: %1\n").arg(report.submittedAnnotations);
    md += QStringLiteral("- Honeypot frames: %1, honeypot results: %2\n\n").arg(report.honeypotFrames)
              .arg(report.honeypotResults);
    md += QStringLiteral("| Kind | Structure | Annotator | Other annotator | Frames | Mean Dice | Min | Max |\n"
                         "|---|---|---|---|---:|---:|---:|---:|\n");
    for (const AgreementRow &r : report.rows)
        md += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 |\n")
                  .arg(agreementKindToString(r.kind), markdownEscape(r.structureKey), markdownEscape(r.annotator),
                       markdownEscape(r.otherAnnotator))
                  .arg(r.count)
                  .arg(r.meanDice, 0, 'f', 3)
                  .arg(r.minDice, 0, 'f', 3)
                  .arg(r.maxDice, 0, 'f', 3);
    if (report.rows.empty())
        md += QStringLiteral("\nNo submitted independent annotation or honeypot result yet.\n");
    return md;
}

} // namespace sd::consensus
