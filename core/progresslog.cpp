#include "progresslog.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>

namespace sd {

namespace {
std::optional<double> optionalNumber(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}
} // namespace

ProgressLog::ProgressLog(QString path) : m_path(std::move(path)) {}

void ProgressLog::reset(const QString &path)
{
    *this = ProgressLog(path);
}

int ProgressLog::poll()
{
    QFile f(m_path);
    if (m_path.isEmpty() || !f.exists() || !f.open(QIODevice::ReadOnly))
        return 0;
    if (f.size() < m_offset) // replaced or truncated: start over
        reset(m_path);
    if (!f.seek(m_offset))
        return 0;
    const QByteArray bytes = f.readAll();
    m_offset += bytes.size();
    m_pending += bytes;
    int lines = 0;
    qsizetype start = 0;
    for (qsizetype nl = m_pending.indexOf('\n'); nl >= 0; nl = m_pending.indexOf('\n', start)) {
        parseLine(m_pending.mid(start, nl - start));
        start = nl + 1;
        ++lines;
    }
    m_pending.remove(0, start);
    return lines;
}

void ProgressLog::parseLine(const QByteArray &raw)
{
    ++m_lineNumber;
    const QByteArray line = raw.trimmed();
    if (line.isEmpty())
        return;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
    if (!doc.isObject()) {
        m_problems << QStringLiteral("line %1: %2").arg(m_lineNumber).arg(
            error.error != QJsonParseError::NoError ? error.errorString() : QStringLiteral("not a JSON object"));
        return;
    }
    const QJsonObject o = doc.object();
    const QString event = o.value(QLatin1String("event")).toString();
    if (event == QLatin1String("step")) {
        ProgressPoint p;
        p.stage = o.value(QLatin1String("stage")).toString();
        p.step = o.value(QLatin1String("step")).toInt();
        p.totalSteps = o.value(QLatin1String("total_steps")).toInt();
        p.epoch = o.value(QLatin1String("epoch")).toDouble();
        p.loss = o.value(QLatin1String("loss")).toDouble();
        p.lr = o.value(QLatin1String("lr")).toDouble();
        p.tokensPerSecond = o.value(QLatin1String("tokens_per_s")).toDouble();
        p.elapsedSeconds = o.value(QLatin1String("elapsed_s")).toDouble();
        p.etaSeconds = o.value(QLatin1String("eta_s")).toDouble(-1);
        p.rewardChosen = optionalNumber(o, "reward_chosen");
        p.rewardRejected = optionalNumber(o, "reward_rejected");
        p.rewardMargin = optionalNumber(o, "reward_margin");
        p.rewardAccuracy = optionalNumber(o, "reward_accuracy");
        // After a resume the job redoes the steps since its checkpoint.
        const auto from = std::find_if(m_points.begin(), m_points.end(),
                                       [&](const ProgressPoint &q) { return q.step >= p.step; });
        m_points.erase(from, m_points.end());
        m_points.push_back(std::move(p));
        m_state = State::Running;
    } else if (event == QLatin1String("checkpoint")) {
        m_checkpoints.push_back({o.value(QLatin1String("step")).toInt(), o.value(QLatin1String("path")).toString()});
    } else if (event == QLatin1String("start")) {
        m_start = o;
        ++m_starts;
        m_state = State::Running;
        m_error.clear();
    } else if (event == QLatin1String("finished")) {
        m_state = State::Finished;
        m_finalPath = o.value(QLatin1String("path")).toString();
    } else if (event == QLatin1String("error")) {
        m_state = State::Failed;
        m_error = o.value(QLatin1String("message")).toString();
    } else if (event == QLatin1String("interrupted")) {
        m_state = State::Interrupted;
    } else {
        m_otherEvents.push_back(o);
    }
    // Unknown events are ignored: newer jobs may log more than this reader knows.
}

} // namespace sd
