#include "answerreview.h"

#include "store/projectstore.h"

#include <QRegularExpression>
#include <QSet>
#include <algorithm>

namespace sd {
namespace {

std::vector<qint64> allAnswerIds(const ProjectStore &store)
{
    std::vector<qint64> ids;
    for (const TeacherRequest &r : store.teacherRequests(RequestStatus::Done))
        for (const TeacherAnswer &a : store.teacherAnswers(r.id))
            ids.push_back(a.id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

AnswerReview record(ProjectStore &store, qint64 answerId, AnswerDecision decision, const QString &edited,
                    const QString &reason, const QString &reviewer)
{
    if (reviewer.trimmed().isEmpty())
        throw ReviewError("a review needs the reviewer's name");
    if (!store.teacherAnswer(answerId))
        throw ReviewError(QStringLiteral("teacher answer %1 does not exist").arg(answerId).toStdString());
    AnswerReview r;
    r.answerId = answerId;
    r.decision = decision;
    r.editedText = edited;
    r.reason = reason;
    r.reviewer = reviewer.trimmed();
    store.addAnswerReview(r);
    return r;
}

// splitmix64: the sample must not depend on Qt's seeded hashes.
quint64 mix(quint64 x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

} // namespace

AnswerReview acceptAnswer(ProjectStore &store, qint64 answerId, const QString &reviewer)
{
    return record(store, answerId, AnswerDecision::Accepted, {}, {}, reviewer);
}

AnswerReview editAnswer(ProjectStore &store, qint64 answerId, const QString &editedText, const QString &reviewer)
{
    if (editedText.trimmed().isEmpty())
        throw ReviewError("an edited answer must not be empty (reject it instead)");
    return record(store, answerId, AnswerDecision::Edited, editedText.trimmed(), {}, reviewer);
}

AnswerReview rejectAnswer(ProjectStore &store, qint64 answerId, const QString &reason, const QString &reviewer)
{
    if (reason.trimmed().isEmpty())
        throw ReviewError("a rejection needs a reason");
    return record(store, answerId, AnswerDecision::Rejected, {}, reason.trimmed(), reviewer);
}

std::optional<AnswerReview> latestAnswerReview(const ProjectStore &store, qint64 answerId)
{
    std::vector<AnswerReview> all = store.answerReviews(answerId);
    if (all.empty())
        return std::nullopt;
    return all.back();
}

std::optional<QString> approvedAnswerText(const ProjectStore &store, qint64 answerId)
{
    const auto review = latestAnswerReview(store, answerId);
    if (!review)
        return std::nullopt;
    if (review->decision == AnswerDecision::Edited)
        return review->editedText;
    if (review->decision == AnswerDecision::Accepted) {
        const auto answer = store.teacherAnswer(answerId);
        if (answer)
            return answer->text;
    }
    return std::nullopt;
}

std::vector<QString> approvedAnswerTexts(const ProjectStore &store, qint64 frameId, qint64 structureId)
{
    std::vector<QString> out;
    const auto requests = store.teacherRequests();
    for (auto r = requests.rbegin(); r != requests.rend(); ++r) {
        if (r->frameId != frameId || r->structureId != structureId)
            continue;
        for (const TeacherAnswer &a : store.teacherAnswers(r->id))
            if (const auto text = approvedAnswerText(store, a.id); text && !text->trimmed().isEmpty())
                out.push_back(text->trimmed());
    }
    return out;
}

QString wordDiff(const QString &original, const QString &edited)
{
    static const QRegularExpression ws(QStringLiteral("\\s+"));
    const QStringList a = original.split(ws, Qt::SkipEmptyParts), b = edited.split(ws, Qt::SkipEmptyParts);
    const int n = int(a.size()), m = int(b.size());
    std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
    for (int i = n - 1; i >= 0; --i)
        for (int j = m - 1; j >= 0; --j)
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    QStringList out;
    int i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[i] == b[j]) {
            out << a[i++];
            ++j;
        } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
            out << QStringLiteral("{+%1+}").arg(b[j++]);
        } else {
            out << QStringLiteral("[-%1-]").arg(a[i++]);
        }
    }
    return out.join(QLatin1Char(' '));
}

std::vector<qint64> reviewSample(const ProjectStore &store, const ReviewPolicy &policy)
{
    const double share = std::clamp(policy.sampleShare, 0.0, 1.0);
    QSet<qint64> flagged;
    for (const AnswerFlag &f : store.answerFlags())
        flagged.insert(f.answerId);
    std::vector<qint64> out;
    for (qint64 id : allAnswerIds(store)) {
        // Each answer is in the sample independently with probability `share` (stable per id and seed).
        const double u = double(mix(policy.seed * 0x100000001b3ull ^ quint64(id)) >> 11) / double(1ull << 53);
        if (u < share || flagged.contains(id))
            out.push_back(id);
    }
    return out;
}

ReviewProgress reviewProgress(const ProjectStore &store, const ReviewPolicy &policy)
{
    ReviewProgress p;
    const std::vector<qint64> sample = reviewSample(store, policy);
    const QSet<qint64> inSample(sample.begin(), sample.end());
    p.flagged = int(store.answerFlags().size());
    for (qint64 id : allAnswerIds(store)) {
        ++p.answers;
        const auto r = latestAnswerReview(store, id);
        if (inSample.contains(id)) {
            ++p.inSample;
            if (r)
                ++p.reviewedInSample;
        }
        if (!r)
            ++p.unreviewed;
        else if (r->decision == AnswerDecision::Accepted)
            ++p.accepted;
        else if (r->decision == AnswerDecision::Edited)
            ++p.edited;
        else
            ++p.rejected;
    }
    return p;
}

int acceptOutsideSample(ProjectStore &store, const ReviewPolicy &policy, const QString &reviewer)
{
    const std::vector<qint64> sample = reviewSample(store, policy);
    const QSet<qint64> inSample(sample.begin(), sample.end());
    int n = 0;
    store.transaction([&] {
        for (qint64 id : allAnswerIds(store)) {
            if (inSample.contains(id) || latestAnswerReview(store, id))
                continue;
            record(store, id, AnswerDecision::Accepted, {}, QStringLiteral("outside the review sample"), reviewer);
            ++n;
        }
    });
    return n;
}

int autoAcceptAsDemoReviewer(ProjectStore &store)
{
    int n = 0;
    store.transaction([&] {
        for (qint64 id : allAnswerIds(store)) {
            if (latestAnswerReview(store, id))
                continue;
            record(store, id, AnswerDecision::Accepted, {},
                   QStringLiteral("automatic acceptance for the synthetic demo; not a surgeon's review"),
                   QString::fromLatin1(kDemoAutoReviewer));
            ++n;
        }
    });
    return n;
}

} // namespace sd
