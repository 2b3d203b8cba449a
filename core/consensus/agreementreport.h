// The agreement report of a project with independent annotations: how far
// annotators agree with each other (pairwise Dice of their submitted
// annotations), with the approved reference, and on the honeypot frames. The
// CLI writes it as CSV and PDF (`surgdistill review agreement`), the Review
// panel shows the same rows. The CSV columns are documented in the README.
#pragma once

#include <QString>
#include <QStringList>
#include <vector>

namespace sd {
class ProjectStore;
}

namespace sd::consensus {

enum class AgreementKind { Pairwise, Reference, Honeypot };
QString agreementKindToString(AgreementKind k); // "pairwise" / "reference" / "honeypot"

struct AgreementRow {
    AgreementKind kind = AgreementKind::Pairwise;
    qint64 structureId = 0;
    QString structureKey;
    QString annotator;
    QString otherAnnotator;  // pairwise only: the second annotator (annotator < otherAnnotator)
    int count = 0;           // pairwise: frames both annotated; reference / honeypot: frames compared
    double meanDice = 0;
    double minDice = 0;
    double maxDice = 0;
};

struct AgreementReport {
    std::vector<AgreementRow> rows;       // by structure order, then kind, then annotator(s)
    int framesWithAnnotations = 0;        // frames with at least one submitted annotation
    int submittedAnnotations = 0;
    int honeypotFrames = 0;
    int honeypotResults = 0;
    QStringList annotators;               // sorted
};

// Pairwise: every pair of submitted annotations of a (frame, structure).
// Reference: each submitted annotation on a non-honeypot frame against the frame's reference
// mask where that is approved. Honeypot: the recorded honeypot results. Two empty masks agree (1).
AgreementReport agreementReport(const ProjectStore &store);

// kind,structure,annotator,other_annotator,frames,mean_dice,min_dice,max_dice (Dice with 4 decimals).
QString agreementCsv(const AgreementReport &report);
// The same table with the counts above it, in Markdown (for the PDF).
QString agreementMarkdown(const AgreementReport &report, const QString &projectName);

} // namespace sd::consensus
