#include "trainingjob.h"

#include "store/projectstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <csignal>
#include <stdexcept>
#include <sys/types.h>

namespace sd {

TrainingSettings TrainingSettings::paperDefaults(const QString &kind)
{
    TrainingSettings s;
    s.kind = kind;
    if (kind == QLatin1String("dpo")) {
        s.lr = 5e-7;
        s.freezeVision = false; // DPO trains all components
        s.beta = 0.1;
    }
    return s;
}

QJsonObject TrainingSettings::toConfigJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("lr"), lr);
    o.insert(QStringLiteral("epochs"), epochs);
    o.insert(QStringLiteral("batch_size"), batchSize);
    o.insert(QStringLiteral("grad_accum"), gradAccum);
    o.insert(QStringLiteral("warmup_ratio"), warmupRatio);
    o.insert(QStringLiteral("weight_decay"), weightDecay);
    o.insert(QStringLiteral("max_grad_norm"), maxGradNorm);
    o.insert(QStringLiteral("seed"), seed);
    if (useLora) {
        QJsonObject lora;
        lora.insert(QStringLiteral("rank"), loraRank);
        lora.insert(QStringLiteral("alpha"), loraAlpha);
        lora.insert(QStringLiteral("dropout"), loraDropout);
        lora.insert(QStringLiteral("targets"), QJsonArray::fromStringList(loraTargets));
        o.insert(QStringLiteral("lora"), lora);
    } else {
        o.insert(QStringLiteral("lora"), QJsonValue::Null);
    }
    QJsonObject freeze;
    freeze.insert(QStringLiteral("vision"), freezeVision);
    freeze.insert(QStringLiteral("merger"), freezeMerger);
    freeze.insert(QStringLiteral("language"), freezeLanguage);
    o.insert(QStringLiteral("freeze"), freeze);
    o.insert(QStringLiteral("beta"), beta);
    o.insert(QStringLiteral("save_every"), saveEvery);
    o.insert(QStringLiteral("dtype"), dtype);
    return o;
}

TrainingSettings TrainingSettings::fromConfigJson(const QString &kind, const QJsonObject &c)
{
    TrainingSettings s = paperDefaults(kind);
    s.lr = c.value(QStringLiteral("lr")).toDouble(s.lr);
    s.epochs = c.value(QStringLiteral("epochs")).toInt(s.epochs);
    s.batchSize = c.value(QStringLiteral("batch_size")).toInt(s.batchSize);
    s.gradAccum = c.value(QStringLiteral("grad_accum")).toInt(s.gradAccum);
    s.warmupRatio = c.value(QStringLiteral("warmup_ratio")).toDouble(s.warmupRatio);
    s.weightDecay = c.value(QStringLiteral("weight_decay")).toDouble(s.weightDecay);
    s.maxGradNorm = c.value(QStringLiteral("max_grad_norm")).toDouble(s.maxGradNorm);
    s.seed = c.value(QStringLiteral("seed")).toInt(s.seed);
    const QJsonValue lora = c.value(QStringLiteral("lora"));
    s.useLora = lora.isObject();
    if (s.useLora) {
        const QJsonObject l = lora.toObject();
        s.loraRank = l.value(QStringLiteral("rank")).toInt(s.loraRank);
        s.loraAlpha = l.value(QStringLiteral("alpha")).toInt(s.loraAlpha);
        s.loraDropout = l.value(QStringLiteral("dropout")).toDouble(s.loraDropout);
        if (l.value(QStringLiteral("targets")).isArray()) {
            s.loraTargets.clear();
            for (const QJsonValue &t : l.value(QStringLiteral("targets")).toArray())
                s.loraTargets << t.toString();
        }
    }
    const QJsonObject f = c.value(QStringLiteral("freeze")).toObject();
    s.freezeVision = f.value(QStringLiteral("vision")).toBool(s.freezeVision);
    s.freezeMerger = f.value(QStringLiteral("merger")).toBool(s.freezeMerger);
    s.freezeLanguage = f.value(QStringLiteral("language")).toBool(s.freezeLanguage);
    s.beta = c.value(QStringLiteral("beta")).toDouble(s.beta);
    s.saveEvery = c.value(QStringLiteral("save_every")).toInt(s.saveEvery);
    s.dtype = c.value(QStringLiteral("dtype")).toString(s.dtype);
    return s;
}

QString TrainingSettings::problem() const
{
    if (kind != QLatin1String("sft") && kind != QLatin1String("dpo"))
        return QStringLiteral("unknown training kind \"%1\" (sft or dpo)").arg(kind);
    if (!QFileInfo::exists(baseModel + QStringLiteral("/config.json")))
        return QStringLiteral("the base model folder %1 has no config.json").arg(baseModel);
    if (!dataset.isEmpty() && !QFileInfo(dataset).isFile())
        return QStringLiteral("the data set %1 does not exist").arg(dataset);
    if (runDir.trimmed().isEmpty())
        return QStringLiteral("no run folder");
    if (!(lr > 0) || epochs < 1 || batchSize < 1 || gradAccum < 1)
        return QStringLiteral("learning rate, epochs, batch size and accumulation must be positive");
    if (kind == QLatin1String("dpo") && !(beta > 0))
        return QStringLiteral("DPO needs beta > 0");
    if (freezeVision && freezeMerger && freezeLanguage && !useLora)
        return QStringLiteral("every part is frozen: nothing would be trained");
    return {};
}

QString progressFilePath(const QString &runDir) { return QDir(runDir).filePath(QStringLiteral("progress.jsonl")); }
QString configFilePath(const QString &runDir) { return QDir(runDir).filePath(QStringLiteral("config.json")); }
QString pidFilePath(const QString &runDir) { return QDir(runDir).filePath(QStringLiteral("job.pid")); }
QString jobLogFilePath(const QString &runDir) { return QDir(runDir).filePath(QStringLiteral("job.log")); }

QStringList trainArguments(const TrainingSettings &s)
{
    return {QStringLiteral("train"), s.kind, QStringLiteral("--base"), s.baseModel, QStringLiteral("--dataset"),
            s.dataset, QStringLiteral("--config"), configFilePath(s.runDir), QStringLiteral("--out"), s.runDir};
}

namespace {
void writeAtomically(const QString &path, const QByteArray &bytes)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        throw std::runtime_error(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()).toStdString());
}
} // namespace

void writeRunConfig(const TrainingSettings &settings)
{
    if (!QDir().mkpath(settings.runDir))
        throw std::runtime_error(QStringLiteral("cannot create the run folder %1").arg(settings.runDir).toStdString());
    writeAtomically(configFilePath(settings.runDir), QJsonDocument(settings.toConfigJson()).toJson());
}

void writeJobPid(const QString &runDir, qint64 pid)
{
    writeAtomically(pidFilePath(runDir), QByteArray::number(pid) + '\n');
}

std::optional<qint64> readJobPid(const QString &runDir)
{
    QFile f(pidFilePath(runDir));
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    bool ok = false;
    const qint64 pid = f.readAll().trimmed().toLongLong(&ok);
    return ok && pid > 0 ? std::optional<qint64>(pid) : std::nullopt;
}

QStringList checkpointModelFolders(const ProjectStore &store)
{
    QStringList out;
    const std::vector<TrainingRun> runs = store.trainingRuns();
    for (auto run = runs.rbegin(); run != runs.rend(); ++run) {
        const std::vector<Checkpoint> checkpoints = store.checkpoints(run->id);
        for (auto c = checkpoints.rbegin(); c != checkpoints.rend(); ++c) {
            const QString path = QDir::cleanPath(QDir(run->runDir).absoluteFilePath(c->path));
            if (QFileInfo(path).isDir() && !out.contains(path))
                out << path;
        }
    }
    return out;
}

bool terminateJob(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), SIGTERM) == 0;
}

} // namespace sd
