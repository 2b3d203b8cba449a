#include "teacherbatch.h"

#include "reviewworkflow.h"
#include "store/projectstore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QSysInfo>
#include <QUuid>

#include <algorithm>
#include <map>

namespace sd {

std::pair<qint64, QString> chooseQuestion(const ProjectStore &store, qint64 frameId, qint64 structureId,
                                          const QString &language)
{
    std::vector<PromptTemplate> candidates;
    for (PromptTemplate &t : store.promptTemplates(structureId))
        if (t.language == language)
            candidates.push_back(std::move(t));
    if (candidates.empty()) // the paper's question when the project has none in that language
        return {0, QStringLiteral("Identify the highlighted anatomical structure and explain its significance for "
                                  "Complete Mesocolic Excision.")};
    // Deterministic (no seeded qHash) and spread evenly over frames and structures.
    const quint64 k = quint64(frameId) * 2654435761ull + quint64(structureId) * 40503ull;
    const PromptTemplate &t = candidates[(k >> 7) % candidates.size()];
    return {t.id, t.text};
}

TeacherBatch::TeacherBatch(PrivacyFirewall &firewall, const TeacherProvider &provider, BatchOptions options,
                           QObject *parent)
    : QObject(parent), m_firewall(firewall), m_store(firewall.store()), m_provider(provider),
      m_options(std::move(options))
{
    m_options.concurrency = std::max(1, m_options.concurrency);
}

std::vector<BatchItem> TeacherBatch::plan(int *alreadyDone) const
{
    // Latest request row per (frame, structure), whichever provider made it.
    std::map<std::pair<qint64, qint64>, TeacherRequest> existing;
    for (TeacherRequest &r : m_store.teacherRequests())
        existing[{r.frameId, r.structureId}] = std::move(r);

    FrameFilter filter;
    filter.split = m_options.split;
    std::vector<BatchItem> items;
    int done = 0;
    for (const Frame &f : m_store.frames(filter)) {
        for (const Mask &m : m_store.masksForFrame(f.id)) {
            if (m.rle.isEmpty())
                continue;
            if (m_options.approvedMasksOnly && reviewState(m_store, m.id) != ReviewState::Approved)
                continue; // never, either, an approved mask edited since
            BatchItem item{f.id, m.structureId, 0};
            const auto it = existing.find({f.id, m.structureId});
            if (it != existing.end()) {
                if (it->second.status == RequestStatus::Done) {
                    ++done;
                    continue;
                }
                item.requestId = it->second.id;
            }
            items.push_back(item);
        }
    }
    std::sort(items.begin(), items.end(), [](const BatchItem &a, const BatchItem &b) {
        return std::pair(a.frameId, a.structureId) < std::pair(b.frameId, b.structureId);
    });
    if (alreadyDone)
        *alreadyDone = done;
    return items;
}

void TeacherBatch::start()
{
    if (m_running)
        return;
    m_counters = {};
    m_errors.clear();
    m_policyError.clear();
    m_cancelled = m_stopped = false;
    std::vector<BatchItem> items = plan(&m_counters.alreadyDone);
    if (m_options.limit > 0 && int(items.size()) > m_options.limit)
        items.resize(m_options.limit);
    m_queue.assign(items.begin(), items.end());
    m_counters.planned = int(items.size());
    m_running = true;
    Q_EMIT progress(0, 0, m_counters.planned);
    fill();
    finishIfIdle();
}

void TeacherBatch::cancel()
{
    if (!m_running)
        return;
    m_cancelled = true;
    m_queue.clear();
    const QSet<TeacherCall *> active = m_active;
    for (TeacherCall *c : active)
        c->cancel();
}

TeacherTask answerTask(const ProjectStore &store, qint64 frameId, qint64 structureId, const QString &question,
                       const QString &language)
{
    TeacherTask task;
    task.kind = TeacherTaskKind::Answer;
    task.context = buildTeacherContext(store, frameId, structureId, question, language);
    task.includeMaskPng = projectSendsMaskPng(store);
    return task;
}

namespace {
// This process's name on the requests it claims: host, process id, and a random part
// (a process id may come back after a restart).
QString claimantId()
{
    static const QString id = QSysInfo::machineHostName() + QLatin1Char(':')
        + QString::number(QCoreApplication::applicationPid()) + QLatin1Char(':')
        + QUuid::createUuid().toString(QUuid::Id128).left(8);
    return id;
}

// Long enough for every attempt of one call; a claim left by a killed run on another
// computer lapses after it.
int claimLeaseSeconds(const CallOptions &o)
{
    const qint64 perAttempt = (qint64(std::max(o.timeoutMs, 0)) + o.backoffMaxMs) / 1000 + 1;
    return int(std::min<qint64>(std::max<qint64>(perAttempt * std::max(o.maxAttempts, 1) + 60, 600), 24 * 3600));
}
} // namespace

void TeacherBatch::fill()
{
    while (!m_stopped && !m_cancelled && !m_queue.empty() && m_active.size() < m_options.concurrency) {
        const BatchItem item = m_queue.front();
        m_queue.pop_front();
        launch(item);
    }
}

void TeacherBatch::launch(const BatchItem &item)
{
    const QString language = m_options.language.isEmpty() ? projectTeacherLanguage(m_store) : m_options.language;
    TeacherTask task;
    TeacherRequest request;
    try {
        const auto [templateId, question] = chooseQuestion(m_store, item.frameId, item.structureId, language);
        task = answerTask(m_store, item.frameId, item.structureId, question, language);
        if (item.requestId)
            request = *m_store.teacherRequest(item.requestId);
        request.frameId = item.frameId;
        request.structureId = item.structureId;
        request.templateId = templateId ? std::optional<qint64>(templateId) : std::nullopt;
        request.provider = m_provider.id();
        request.model = m_provider.model();
        request.question = question;
        request.language = language;
        request.error.clear(); // claimTeacherRequest makes it pending
        // What leaves the machine (network) or what the offline teacher answered from.
        request.payload = m_provider.usesNetwork() ? m_firewall.prepare(m_provider, task).body
                                                   : promptFor(task).user.toUtf8();
        const auto claimed = m_store.claimTeacherRequest(request, claimantId(), claimLeaseSeconds(m_options.call));
        if (!claimed) { // answered or being sent by another run meanwhile
            ++m_counters.heldElsewhere;
            Q_EMIT countersChanged();
            return;
        }
        request = *claimed;
    } catch (const std::exception &e) {
        ++m_counters.failed;
        m_errors << QStringLiteral("frame %1, structure %2: %3").arg(item.frameId).arg(item.structureId)
                        .arg(QString::fromUtf8(e.what()));
        Q_EMIT itemFinished(request.id, false, m_errors.last());
        Q_EMIT progress(m_counters.done, m_counters.failed, m_counters.planned);
        return;
    }

    auto *call = new TeacherCall(m_firewall, m_provider, task, m_options.call, this);
    m_active.insert(call);
    const qint64 requestId = request.id;
    connect(call, &TeacherCall::retrying, this, [this] {
        ++m_counters.retries;
        Q_EMIT countersChanged();
    });
    connect(call, &TeacherCall::finished, this, [this, call, requestId](const TeacherReply &reply) {
        try {
            m_store.transaction([&] {
                TeacherRequest r = *m_store.teacherRequest(requestId);
                TeacherAnswer a;
                a.requestId = requestId;
                a.text = reply.text;
                a.promptTokens = reply.promptTokens;
                a.completionTokens = reply.completionTokens;
                m_store.addTeacherAnswer(a);
                r.status = RequestStatus::Done;
                r.error.clear();
                m_store.updateTeacherRequest(r);
            });
            ++m_counters.done;
            m_counters.promptTokens += reply.promptTokens;
            m_counters.completionTokens += reply.completionTokens;
            m_counters.cost += reply.promptTokens * m_options.costPerMillionPromptTokens / 1e6
                + reply.completionTokens * m_options.costPerMillionCompletionTokens / 1e6;
            Q_EMIT itemFinished(requestId, true, {});
        } catch (const std::exception &e) {
            ++m_counters.failed;
            m_errors << QStringLiteral("request %1: %2").arg(requestId).arg(QString::fromUtf8(e.what()));
            Q_EMIT itemFinished(requestId, false, m_errors.last());
        }
        m_active.remove(call);
        call->deleteLater();
        Q_EMIT countersChanged();
        Q_EMIT progress(m_counters.done, m_counters.failed, m_counters.planned);
        fill();
        finishIfIdle();
    });
    connect(call, &TeacherCall::failed, this, [this, call, requestId](const QString &error, bool policy) {
        // A cancelled call stays pending: the next run sends it again in the same row.
        if (!m_cancelled) {
            try {
                TeacherRequest r = *m_store.teacherRequest(requestId);
                r.status = RequestStatus::Failed;
                r.error = error;
                m_store.updateTeacherRequest(r);
            } catch (const std::exception &) {
            }
            ++m_counters.failed;
            m_errors << QStringLiteral("request %1: %2").arg(requestId).arg(error);
        }
        if (policy) { // every further request would be refused too
            m_policyError = error;
            m_stopped = true;
            m_queue.clear();
        }
        m_active.remove(call);
        call->deleteLater();
        Q_EMIT itemFinished(requestId, false, error);
        Q_EMIT countersChanged();
        Q_EMIT progress(m_counters.done, m_counters.failed, m_counters.planned);
        fill();
        finishIfIdle();
    });
    call->start();
}

void TeacherBatch::finishIfIdle()
{
    if (!m_running || !m_active.isEmpty() || (!m_queue.empty() && !m_stopped && !m_cancelled))
        return;
    m_running = false;
    Q_EMIT finished(m_cancelled);
}

BatchCounters runTeacherBatch(PrivacyFirewall &firewall, const TeacherProvider &provider, const BatchOptions &options,
                              const std::function<bool(int finished, int total)> &progress)
{
    TeacherBatch batch(firewall, provider, options);
    QEventLoop loop;
    QObject::connect(&batch, &TeacherBatch::finished, &loop, &QEventLoop::quit);
    if (progress)
        QObject::connect(&batch, &TeacherBatch::progress, &batch, [&](int done, int failed, int total) {
            if (!progress(done + failed, total))
                batch.cancel();
        });
    batch.start();
    if (batch.isRunning())
        loop.exec();
    return batch.counters();
}

} // namespace sd
