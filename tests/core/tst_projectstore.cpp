// Tests of the project store: round trips of every entity through the disk,
// forward migrations from a real version-1 database, mask history, a concurrent
// reader, crash consistency with a SIGKILLed writer process, the audit hash
// chain, statuses kept as text in the file, read-only opening, and the error paths.
#include "store/projectstore.h"
#include "store/schema.h"
#include "teacher/answerreview.h"

#include <QAtomicInt>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace sd;

namespace {

RleMask boxMask(int height, int width, int x0, int y0, int x1, int y1)
{
    std::vector<uint8_t> pixels(size_t(height) * size_t(width), 0);
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x)
            pixels[size_t(y) * size_t(width) + size_t(x)] = 1;
    return RleMask::encode(pixels.data(), height, width);
}

Frame makeFrame(const QString &tag, int width = 8, int height = 6)
{
    Frame f;
    f.contentHash = QCryptographicHash::hash(tag.toUtf8(), QCryptographicHash::Sha256).toHex();
    f.width = width;
    f.height = height;
    f.mediaPath = QStringLiteral("media/%1.png").arg(tag);
    return f;
}

// Raw SQL access for the tests only (tampering, building old databases).
class RawDb {
public:
    explicit RawDb(const QString &folder) : m_name(QStringLiteral("raw-%1").arg(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(folder + QStringLiteral("/project.sqlite"));
        db.open();
    }
    ~RawDb()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    bool exec(const QString &sql, QString *error = nullptr) const
    {
        QSqlQuery q(db());
        const bool ok = q.exec(sql);
        if (!ok && error)
            *error = q.lastError().text() + QStringLiteral(" in ") + sql;
        return ok;
    }
    // The first column of the first row, as text ("" without rows).
    QString text(const QString &sql) const
    {
        QSqlQuery q(db());
        return q.exec(sql) && q.next() ? q.value(0).toString() : QString();
    }

private:
    static inline int s_counter = 0;
    QString m_name;
};

// Every entry under folder (and the folder itself) with its size and modification time:
// equal snapshots mean nothing was created, removed or touched.
QStringList folderSnapshot(const QString &folder)
{
    const auto entry = [&](const QFileInfo &info) {
        return QStringLiteral("%1 %2 %3").arg(QDir(folder).relativeFilePath(info.filePath()))
            .arg(info.isDir() ? 0 : info.size())
            .arg(info.lastModified().toMSecsSinceEpoch());
    };
    QStringList out{entry(QFileInfo(folder))};
    QDirIterator it(folder, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        out << entry(it.fileInfo());
    }
    out.sort();
    return out;
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

class CountReader : public QThread {
public:
    explicit CountReader(QString folder) : m_folder(std::move(folder)) {}
    QAtomicInt stop{0};
    QAtomicInt reads{0};
    QAtomicInt intermediate{0}; // reads that saw a state between first and last write
    QString error;

protected:
    void run() override
    {
        try {
            auto store = ProjectStore::open(m_folder); // a connection per thread
            int last = 0;
            while (!stop.loadAcquire()) {
                const int n = store->frameCount();
                reads.fetchAndAddRelease(1);
                if (n > 0)
                    intermediate.fetchAndAddRelease(1);
                if (n % 2 != 0) {
                    error = QStringLiteral("saw a partial transaction: %1 frames").arg(n);
                    return;
                }
                if (n < last) {
                    error = QStringLiteral("frame count went back from %1 to %2").arg(last).arg(n);
                    return;
                }
                last = n;
            }
        } catch (const std::exception &e) {
            error = QString::fromUtf8(e.what());
        }
    }

private:
    QString m_folder;
};

} // namespace

class TestProjectStore : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    int m_n = 0;
    QString newFolder() { return m_tmp.filePath(QStringLiteral("project-%1").arg(++m_n)); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void createHasDefaults()
    {
        const QString folder = newFolder();
        auto store = ProjectStore::create(folder, QStringLiteral("My project"));
        QVERIFY(ProjectStore::isProject(folder));
        QVERIFY(QFileInfo(store->mediaFolder()).isDir());
        QCOMPARE(store->schemaVersion(), ProjectStore::latestSchemaVersion());
        QCOMPARE(store->setting(QStringLiteral("name")), QStringLiteral("My project"));
        QCOMPARE(store->setting(QStringLiteral("missing"), QStringLiteral("dflt")), QStringLiteral("dflt"));

        QStringList keys;
        for (const Structure &s : store->structures()) {
            keys << s.key;
            QVERIFY(QRegularExpression(QStringLiteral("^#[0-9a-f]{6}$")).match(s.color).hasMatch());
        }
        QCOMPARE(keys, (QStringList{"preparation_plane", "angels_hair", "vena_mesenterica_inferior", "duodenum",
                                    "pancreas"}));
        QCOMPARE(store->structureByKey(QStringLiteral("angels_hair"))->name, QStringLiteral("Angel's hair"));

        const auto templates = store->promptTemplates();
        QVERIFY(templates.size() >= 3);
        QCOMPARE(templates.front().text, QStringLiteral("Identify the highlighted anatomical structure and explain its "
                                                        "significance for Complete Mesocolic Excision."));
        QCOMPARE(templates.front().language, QStringLiteral("en"));
        QVERIFY(std::any_of(templates.begin(), templates.end(),
                            [](const PromptTemplate &t) { return t.language == QLatin1String("de"); }));

        RawDb raw(folder);
        QSqlQuery q(raw.db());
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
    }

    void roundTripEveryEntity()
    {
        const QString folder = newFolder();
        Video video;
        Frame frame = makeFrame(QStringLiteral("rt"), 10, 7);
        Structure structure;
        Mask mask;
        Review review;
        PromptTemplate prompt;
        TeacherRequest request;
        TeacherAnswer answer;
        AnswerReview answerReview;
        PreferencePair pair;
        TrainingRun run;
        Checkpoint checkpoint;
        Evaluation evaluation;
        AuditEntry audit;
        const RleMask rle = boxMask(7, 10, 2, 1, 6, 5);
        {
            auto store = ProjectStore::create(folder, QStringLiteral("rt"));
            store->setSetting(QStringLiteral("overlay_alpha"), QStringLiteral("0.45"));

            video.label = QStringLiteral("video-0001");
            video.sourceHash = QByteArray(64, 'a');
            video.fps = 29.97;
            video.durationSec = 3600.25;
            video.phaseStartSec = 12.5;
            video.phaseEndSec = 1800.75;
            QVERIFY(store->addVideo(video) > 0);

            frame.videoId = video.id;
            frame.timestampSec = 42.125;
            frame.side = Side::Right;
            frame.phase = QStringLiteral("cme_mobilisation");
            frame.split = QStringLiteral("train");
            frame.synthetic = true;
            QVERIFY(store->addFrame(frame) > 0);
            QVERIFY(frame.createdAt.isValid());

            structure.key = QStringLiteral("ureter");
            structure.name = QStringLiteral("Ureter");
            structure.color = QStringLiteral("#aa00ff");
            structure.sortOrder = 9;
            QVERIFY(store->addStructure(structure) > 0);

            mask = store->saveMask(frame.id, structure.id, rle, QStringLiteral("alice"));
            QCOMPARE(mask.version, 1);

            review.maskId = mask.id;
            review.state = ReviewState::ChangesRequested;
            review.reviewer = QStringLiteral("bob");
            review.comment = QStringLiteral("edge too wide");
            store->addReview(review);
            QCOMPARE(review.maskVersion, 1);

            prompt.structureId = structure.id;
            prompt.language = QStringLiteral("de");
            prompt.text = QStringLiteral("Was ist markiert?");
            store->addPromptTemplate(prompt);

            request.frameId = frame.id;
            request.structureId = structure.id;
            request.templateId = prompt.id;
            request.provider = QStringLiteral("offline");
            request.model = QStringLiteral("teacher-x");
            request.payload = QByteArray("{\"bytes\":\"\\u0000\"}\0tail", 24);
            request.status = RequestStatus::Done;
            request.error = QStringLiteral("none");
            store->addTeacherRequest(request);

            answer.requestId = request.id;
            answer.text = QStringLiteral("Die Vena mesenterica inferior ...");
            answer.promptTokens = 123;
            answer.completionTokens = 45;
            store->addTeacherAnswer(answer);

            answerReview.answerId = answer.id;
            answerReview.decision = AnswerDecision::Edited;
            answerReview.editedText = QStringLiteral("better text");
            answerReview.reason = QStringLiteral("precision");
            answerReview.reviewer = QStringLiteral("carol");
            store->addAnswerReview(answerReview);

            pair.frameId = frame.id;
            pair.structureId = structure.id;
            pair.prompt = QStringLiteral("p");
            pair.chosen = QStringLiteral("good");
            pair.rejected = QStringLiteral("bad");
            pair.reason = QStringLiteral("wrong structure");
            pair.status = PairStatus::Approved;
            pair.reviewer = QStringLiteral("dave");
            store->addPreferencePair(pair);

            run.kind = QStringLiteral("sft");
            run.baseModel = QStringLiteral("qwen2.5-vl-3b");
            run.runDir = QStringLiteral("runs/1");
            run.configJson = QByteArray("{\"lr\":1e-5}");
            run.status = RunStatus::Finished;
            run.finishedAt = QDateTime::currentDateTimeUtc().addSecs(60);
            store->addTrainingRun(run);

            checkpoint.runId = run.id;
            checkpoint.step = 500;
            checkpoint.path = QStringLiteral("runs/1/step-500");
            checkpoint.metricsJson = QByteArray("{\"loss\":0.5}");
            store->addCheckpoint(checkpoint);

            evaluation.modelLabel = QStringLiteral("student-sft");
            evaluation.checkpointId = checkpoint.id;
            evaluation.metricsJson = QByteArray("{\"score\":3.1}");
            store->addEvaluation(evaluation);

            audit = store->appendAudit(QStringLiteral("alice"), QStringLiteral("teacher_request"),
                                       QStringLiteral("api.example.org"), request.payload);
            QCOMPARE(audit.prevHash, QByteArray());
            QCOMPARE(audit.entryHash.size(), 64);
        }

        auto store = ProjectStore::open(folder);
        QCOMPARE(store->setting(QStringLiteral("overlay_alpha")), QStringLiteral("0.45"));

        const auto v = store->video(video.id);
        QVERIFY(v);
        QCOMPARE(v->label, video.label);
        QCOMPARE(v->sourceHash, video.sourceHash);
        QCOMPARE(v->fps, video.fps);
        QCOMPARE(v->durationSec, video.durationSec);
        QCOMPARE(v->phaseStartSec, video.phaseStartSec);
        QCOMPARE(v->phaseEndSec, video.phaseEndSec);
        QCOMPARE(v->importedAt, video.importedAt);
        QCOMPARE(store->videoBySourceHash(video.sourceHash)->id, video.id);
        QCOMPARE(store->videos().size(), size_t(1));

        const auto f = store->frame(frame.id);
        QVERIFY(f);
        QCOMPARE(f->videoId, frame.videoId);
        QCOMPARE(f->timestampSec, frame.timestampSec);
        QCOMPARE(f->contentHash, frame.contentHash);
        QCOMPARE(f->width, frame.width);
        QCOMPARE(f->height, frame.height);
        QCOMPARE(f->side, frame.side);
        QCOMPARE(f->phase, frame.phase);
        QCOMPARE(f->mediaPath, frame.mediaPath);
        QCOMPARE(f->split, frame.split);
        QCOMPARE(f->synthetic, frame.synthetic);
        QCOMPARE(f->createdAt, frame.createdAt);
        QCOMPARE(store->frameByContentHash(frame.contentHash)->id, frame.id);
        QCOMPARE(store->absolutePath(f->mediaPath), QDir(folder).absoluteFilePath(frame.mediaPath));

        const auto s = store->structure(structure.id);
        QVERIFY(s);
        QCOMPARE(s->key, structure.key);
        QCOMPARE(s->name, structure.name);
        QCOMPARE(s->color, structure.color);
        QCOMPARE(s->sortOrder, structure.sortOrder);
        QCOMPARE(store->structures().back().key, structure.key);

        const auto m = store->mask(frame.id, structure.id);
        QVERIFY(m);
        QCOMPARE(m->id, mask.id);
        QCOMPARE(m->frameId, frame.id);
        QCOMPARE(m->structureId, structure.id);
        QVERIFY(m->rle == rle);
        QCOMPARE(m->author, QStringLiteral("alice"));
        QCOMPARE(m->version, 1);
        QCOMPARE(m->updatedAt, mask.updatedAt);
        QCOMPARE(store->masksForFrame(frame.id).size(), size_t(1));
        const auto history = store->maskHistory(mask.id);
        QCOMPARE(history.size(), size_t(1));
        QVERIFY(history[0].rle == rle);
        QCOMPARE(history[0].author, QStringLiteral("alice"));
        QCOMPARE(history[0].createdAt, mask.updatedAt);

        const auto r = store->latestReview(mask.id);
        QVERIFY(r);
        QCOMPARE(r->id, review.id);
        QCOMPARE(r->maskId, review.maskId);
        QCOMPARE(r->state, ReviewState::ChangesRequested);
        QCOMPARE(r->reviewer, review.reviewer);
        QCOMPARE(r->comment, review.comment);
        QCOMPARE(r->maskVersion, 1);
        QCOMPARE(r->createdAt, review.createdAt);

        const auto prompts = store->promptTemplates(structure.id);
        const auto own = std::find_if(prompts.begin(), prompts.end(), [&](const PromptTemplate &t) { return t.id == prompt.id; });
        QVERIFY(own != prompts.end());
        QCOMPARE(own->structureId, prompt.structureId);
        QCOMPARE(own->language, prompt.language);
        QCOMPARE(own->text, prompt.text);

        const auto req = store->teacherRequest(request.id);
        QVERIFY(req);
        QCOMPARE(req->frameId, request.frameId);
        QCOMPARE(req->structureId, request.structureId);
        QCOMPARE(req->templateId, request.templateId);
        QCOMPARE(req->provider, request.provider);
        QCOMPARE(req->model, request.model);
        QCOMPARE(req->payload, request.payload);
        QCOMPARE(req->status, request.status);
        QCOMPARE(req->error, request.error);
        QCOMPARE(req->createdAt, request.createdAt);
        QCOMPARE(store->teacherRequests(RequestStatus::Done).size(), size_t(1));
        QCOMPARE(store->teacherRequests(RequestStatus::Pending).size(), size_t(0));

        const auto answers = store->teacherAnswers(request.id);
        QCOMPARE(answers.size(), size_t(1));
        QCOMPARE(answers[0].id, answer.id);
        QCOMPARE(answers[0].text, answer.text);
        QCOMPARE(answers[0].promptTokens, answer.promptTokens);
        QCOMPARE(answers[0].completionTokens, answer.completionTokens);
        QCOMPARE(answers[0].createdAt, answer.createdAt);

        const auto ars = store->answerReviews(answer.id);
        QCOMPARE(ars.size(), size_t(1));
        QCOMPARE(ars[0].decision, answerReview.decision);
        QCOMPARE(ars[0].editedText, answerReview.editedText);
        QCOMPARE(ars[0].reason, answerReview.reason);
        QCOMPARE(ars[0].reviewer, answerReview.reviewer);
        QCOMPARE(ars[0].createdAt, answerReview.createdAt);

        const auto pairs = store->preferencePairs(PairStatus::Approved);
        QCOMPARE(pairs.size(), size_t(1));
        QCOMPARE(pairs[0].frameId, pair.frameId);
        QCOMPARE(pairs[0].structureId, pair.structureId);
        QCOMPARE(pairs[0].prompt, pair.prompt);
        QCOMPARE(pairs[0].chosen, pair.chosen);
        QCOMPARE(pairs[0].rejected, pair.rejected);
        QCOMPARE(pairs[0].reason, pair.reason);
        QCOMPARE(pairs[0].reviewer, pair.reviewer);
        QCOMPARE(pairs[0].createdAt, pair.createdAt);

        const auto tr = store->trainingRun(run.id);
        QVERIFY(tr);
        QCOMPARE(tr->kind, run.kind);
        QCOMPARE(tr->baseModel, run.baseModel);
        QCOMPARE(tr->runDir, run.runDir);
        QCOMPARE(tr->configJson, run.configJson);
        QCOMPARE(tr->status, run.status);
        QCOMPARE(tr->startedAt, run.startedAt);
        QCOMPARE(tr->finishedAt, run.finishedAt);

        const auto cps = store->checkpoints(run.id);
        QCOMPARE(cps.size(), size_t(1));
        QCOMPARE(cps[0].step, checkpoint.step);
        QCOMPARE(cps[0].path, checkpoint.path);
        QCOMPARE(cps[0].metricsJson, checkpoint.metricsJson);
        QCOMPARE(cps[0].createdAt, checkpoint.createdAt);

        const auto evals = store->evaluations();
        QCOMPARE(evals.size(), size_t(1));
        QCOMPARE(evals[0].modelLabel, evaluation.modelLabel);
        QCOMPARE(evals[0].checkpointId, evaluation.checkpointId);
        QCOMPARE(evals[0].metricsJson, evaluation.metricsJson);
        QCOMPARE(evals[0].createdAt, evaluation.createdAt);

        const auto log = store->auditLog();
        QCOMPARE(log.size(), size_t(1));
        QCOMPARE(log[0].id, audit.id);
        QCOMPARE(log[0].time, audit.time);
        QCOMPARE(log[0].user, audit.user);
        QCOMPARE(log[0].action, audit.action);
        QCOMPARE(log[0].destination, audit.destination);
        QCOMPARE(log[0].payload, request.payload);
        QCOMPARE(log[0].payloadSha256, QCryptographicHash::hash(request.payload, QCryptographicHash::Sha256).toHex());
        QCOMPARE(log[0].prevHash, audit.prevHash);
        QCOMPARE(log[0].entryHash, audit.entryHash);

        // Updates round-trip too.
        Frame changed = *f;
        changed.side = Side::Left;
        changed.phase = QStringLiteral("vascular");
        changed.split = QStringLiteral("test");
        store->updateFrame(changed);
        TrainingRun finished = *tr;
        finished.status = RunStatus::Failed;
        store->updateTrainingRun(finished);
        TeacherRequest failed = *req;
        failed.status = RequestStatus::Failed;
        failed.error = QStringLiteral("timeout");
        store->updateTeacherRequest(failed);
        store.reset();
        store = ProjectStore::open(folder);
        QCOMPARE(store->frame(frame.id)->side, Side::Left);
        QCOMPARE(store->frame(frame.id)->phase, QStringLiteral("vascular"));
        QCOMPARE(store->frame(frame.id)->split, QStringLiteral("test"));
        QCOMPARE(store->trainingRun(run.id)->status, RunStatus::Failed);
        QCOMPARE(store->teacherRequest(request.id)->status, RequestStatus::Failed);
        QCOMPARE(store->teacherRequest(request.id)->error, QStringLiteral("timeout"));
        QVERIFY(store->integrityOk());
    }

    void frameFilters()
    {
        auto store = ProjectStore::create(newFolder(), QStringLiteral("filters"));
        const qint64 duodenum = store->structureByKey(QStringLiteral("duodenum"))->id;
        const qint64 pancreas = store->structureByKey(QStringLiteral("pancreas"))->id;
        std::vector<qint64> ids;
        for (int i = 0; i < 12; ++i) {
            Frame f = makeFrame(QStringLiteral("filter-%1").arg(i));
            f.side = i % 3 == 0 ? Side::Left : (i % 3 == 1 ? Side::Right : Side::Unknown);
            f.split = i < 6 ? QStringLiteral("train") : QStringLiteral("test");
            ids.push_back(store->addFrame(f));
        }
        const RleMask rle = boxMask(6, 8, 1, 1, 3, 3);
        const Mask m0 = store->saveMask(ids[0], duodenum, rle, QStringLiteral("alice"));
        const Mask m1 = store->saveMask(ids[1], duodenum, rle, QStringLiteral("bob"));
        store->saveMask(ids[2], pancreas, rle, QStringLiteral("alice"));
        Review approved;
        approved.maskId = m0.id;
        approved.state = ReviewState::Submitted;
        approved.reviewer = QStringLiteral("rev");
        store->addReview(approved);
        approved.id = 0;
        approved.state = ReviewState::Approved; // the latest review counts
        store->addReview(approved);
        Review submitted;
        submitted.maskId = m1.id;
        submitted.state = ReviewState::Submitted;
        submitted.reviewer = QStringLiteral("rev");
        store->addReview(submitted);

        auto idsOf = [&](const FrameFilter &filter) {
            std::vector<qint64> out;
            for (const Frame &f : store->frames(filter))
                out.push_back(f.id);
            return out;
        };
        QCOMPARE(idsOf({}), ids);
        FrameFilter byStructure;
        byStructure.structureId = duodenum;
        QCOMPARE(idsOf(byStructure), (std::vector<qint64>{ids[0], ids[1]}));
        FrameFilter byState;
        byState.reviewState = ReviewState::Approved;
        QCOMPARE(idsOf(byState), (std::vector<qint64>{ids[0]}));
        byState.reviewState = ReviewState::Submitted;
        QCOMPARE(idsOf(byState), (std::vector<qint64>{ids[1]}));
        byState.reviewState = ReviewState::Draft; // masks without review
        QCOMPARE(idsOf(byState), (std::vector<qint64>{ids[2]}));
        FrameFilter bySide;
        bySide.side = Side::Right;
        QCOMPARE(idsOf(bySide), (std::vector<qint64>{ids[1], ids[4], ids[7], ids[10]}));
        FrameFilter byAuthor;
        byAuthor.author = QStringLiteral("alice");
        QCOMPARE(idsOf(byAuthor), (std::vector<qint64>{ids[0], ids[2]}));
        FrameFilter bySplit;
        bySplit.split = QStringLiteral("test");
        QCOMPARE(idsOf(bySplit).size(), size_t(6));
        FrameFilter byId;
        byId.idSearch = QString::number(ids[10]);
        QCOMPARE(idsOf(byId), (std::vector<qint64>{ids[10]}));
        byId.idSearch = QStringLiteral("1"); // prefix: 1, 10, 11, 12
        QCOMPARE(idsOf(byId), (std::vector<qint64>{1, 10, 11, 12}));
        byId.idSearch = QStringLiteral("%");
        QVERIFY(idsOf(byId).empty());
        FrameFilter combined;
        combined.structureId = duodenum;
        combined.author = QStringLiteral("alice");
        combined.side = Side::Left;
        combined.split = QStringLiteral("train");
        QCOMPARE(idsOf(combined), (std::vector<qint64>{ids[0]}));
        combined.author = QStringLiteral("bob");
        QVERIFY(idsOf(combined).empty());
    }

    void migrationFromVersion1()
    {
        const QString folder = newFolder();
        QVERIFY(QDir().mkpath(folder + QStringLiteral("/media")));
        {
            RawDb raw(folder);
            QSqlDatabase db = raw.db();
            schema::migrate(db, 1);
            QCOMPARE(schema::currentVersion(db), 1);
            QString error;
            QVERIFY2(!raw.exec(QStringLiteral("SELECT * FROM prompt_templates")), "v1 must not have v2 tables");
            QVERIFY2(raw.exec(QStringLiteral("INSERT INTO settings VALUES ('name', 'old project')"), &error), qPrintable(error));
            QVERIFY2(raw.exec(QStringLiteral("INSERT INTO videos (id, label, source_hash, fps, imported_at) "
                                             "VALUES (1, 'video-0001', 'abc', 25, '2024-01-02T03:04:05.678Z')"), &error),
                     qPrintable(error));
            QVERIFY2(raw.exec(QStringLiteral("INSERT INTO frames (id, video_id, timestamp_sec, content_hash, width, height, "
                                             "side, phase, media_path, split, synthetic, created_at) VALUES (1, 1, 2.5, "
                                             "'hash1', 8, 6, 'left', 'p', 'media/1.png', 'train', 0, "
                                             "'2024-01-02T03:04:06.000Z')"), &error),
                     qPrintable(error));
            const QString json = QString::fromUtf8(boxMask(6, 8, 0, 0, 4, 4).toJson());
            QVERIFY2(raw.exec(QStringLiteral("INSERT INTO masks (id, frame_id, structure_id, rle_json, author, version, "
                                             "updated_at) VALUES (1, 1, 4, '%1', 'alice', 1, '2024-01-02T03:04:07.000Z')")
                                  .arg(json), &error),
                     qPrintable(error));
            QVERIFY2(raw.exec(QStringLiteral("INSERT INTO mask_versions (mask_id, version, rle_json, author, created_at) "
                                             "VALUES (1, 1, '%1', 'alice', '2024-01-02T03:04:07.000Z')").arg(json), &error),
                     qPrintable(error));
            QVERIFY2(raw.exec(QStringLiteral("INSERT INTO reviews (mask_id, state, reviewer, comment, mask_version, "
                                             "created_at) VALUES (1, 'approved', 'bob', 'ok', 1, "
                                             "'2024-01-02T03:04:08.000Z')"), &error),
                     qPrintable(error));
        }
        auto store = ProjectStore::open(folder);
        QCOMPARE(store->schemaVersion(), ProjectStore::latestSchemaVersion());
        QVERIFY(ProjectStore::latestSchemaVersion() > 1);
        QCOMPARE(store->setting(QStringLiteral("name")), QStringLiteral("old project"));
        QCOMPARE(store->videos().size(), size_t(1));
        QCOMPARE(store->video(1)->importedAt, QDateTime::fromString(QStringLiteral("2024-01-02T03:04:05.678Z"), Qt::ISODateWithMs));
        const auto f = store->frame(1);
        QVERIFY(f);
        QCOMPARE(f->side, Side::Left);
        QCOMPARE(f->videoId, std::optional<qint64>(1));
        const auto m = store->mask(1, 4);
        QVERIFY(m);
        QVERIFY(m->rle == boxMask(6, 8, 0, 0, 4, 4));
        QCOMPARE(store->latestReview(m->id)->state, ReviewState::Approved);
        QCOMPARE(store->structures().size(), size_t(5));
        // Tables and defaults of later steps exist and work.
        QVERIFY(!store->promptTemplates().empty());
        TeacherRequest r;
        r.frameId = 1;
        r.structureId = 4;
        r.provider = QStringLiteral("offline");
        store->addTeacherRequest(r);
        QVERIFY(store->appendAudit(QStringLiteral("u"), QStringLiteral("a"), {}, "x").id > 0);
        // Reopening does not migrate again.
        store.reset();
        store = ProjectStore::open(folder);
        QCOMPARE(store->schemaVersion(), ProjectStore::latestSchemaVersion());
        QCOMPARE(store->teacherRequests().size(), size_t(1));
        QVERIFY(store->integrityOk());
    }

    void failedMigrationRollsBack()
    {
        const QString folder = newFolder();
        QVERIFY(QDir().mkpath(folder));
        {
            RawDb raw(folder);
            QSqlDatabase db = raw.db();
            schema::migrate(db, 1);
            // A conflicting table makes step 2 fail half-way through its statements.
            QVERIFY(raw.exec(QStringLiteral("CREATE TABLE teacher_answers (x)")));
        }
        try {
            ProjectStore::open(folder);
            QFAIL("open() must report the failed migration");
        } catch (const StoreError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("version 2")), e.what());
        }
        RawDb raw(folder);
        QSqlDatabase db = raw.db();
        QCOMPARE(schema::currentVersion(db), 1);
        QVERIFY2(!raw.exec(QStringLiteral("SELECT * FROM prompt_templates")), "step 2 must have been rolled back");
        QVERIFY2(!raw.exec(QStringLiteral("SELECT * FROM teacher_requests")), "step 2 must have been rolled back");
    }

    void maskVersions()
    {
        auto store = ProjectStore::create(newFolder(), QStringLiteral("versions"));
        Frame f = makeFrame(QStringLiteral("versions"));
        store->addFrame(f);
        const qint64 structureId = store->structures().front().id;
        const RleMask v1 = boxMask(6, 8, 0, 0, 2, 2);
        const RleMask v2 = boxMask(6, 8, 0, 0, 4, 4);
        const RleMask v3 = boxMask(6, 8, 3, 3, 8, 6);
        store->saveMask(f.id, structureId, v1, QStringLiteral("alice"));
        const MaskOrigin flow{MaskOriginKind::Propagated, QStringLiteral("flow")};
        store->saveMask(f.id, structureId, v2, QStringLiteral("bob"), flow);
        const Mask m3 = store->saveMask(f.id, structureId, v3, QStringLiteral("alice"));
        QCOMPARE(m3.version, 3);
        QVERIFY(!m3.origin.isMachine());
        auto history = store->maskHistory(m3.id);
        QCOMPARE(history.size(), size_t(3));
        QVERIFY(history[0].rle == v1 && history[1].rle == v2 && history[2].rle == v3);
        QCOMPARE(history[1].author, QStringLiteral("bob"));
        QCOMPARE(history[1].origin.kind, MaskOriginKind::Propagated);
        QCOMPARE(history[1].origin.model, QStringLiteral("flow"));
        QCOMPARE(history[0].origin.kind, MaskOriginKind::Manual);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(history[size_t(i)].version, i + 1);

        const Mask m4 = store->restoreMaskVersion(m3.id, 1, QStringLiteral("carol"));
        QCOMPARE(m4.id, m3.id);
        QCOMPARE(m4.version, 4);
        QVERIFY(m4.rle == v1);
        QCOMPARE(m4.author, QStringLiteral("carol"));
        history = store->maskHistory(m3.id);
        QCOMPARE(history.size(), size_t(4));
        QVERIFY(history[3].rle == history[0].rle);
        QVERIFY(store->mask(f.id, structureId)->rle == v1);
        // Restoring a machine-made version keeps it marked as machine-made.
        const Mask m5 = store->restoreMaskVersion(m3.id, 2, QStringLiteral("carol"));
        QCOMPARE(m5.origin.kind, MaskOriginKind::Propagated);
        QCOMPARE(store->maskHistory(m3.id).back().origin.model, QStringLiteral("flow"));
        store->restoreMaskVersion(m3.id, 1, QStringLiteral("carol"));

        QVERIFY_THROWS_EXCEPTION(StoreError, store->restoreMaskVersion(m3.id, 9, QStringLiteral("carol")));
        QCOMPARE(store->maskHistory(m3.id).size(), size_t(6));
        // Wrong size and invalid RLE are refused without writing.
        QVERIFY_THROWS_EXCEPTION(StoreError, store->saveMask(f.id, structureId, boxMask(5, 8, 0, 0, 1, 1), "x"));
        RleMask broken = v1;
        broken.counts.push_back(7);
        QVERIFY_THROWS_EXCEPTION(StoreError, store->saveMask(f.id, structureId, broken, "x"));
        QVERIFY_THROWS_EXCEPTION(StoreError, store->saveMask(9999, structureId, v1, "x"));
        QCOMPARE(store->maskHistory(m3.id).size(), size_t(6));
    }

    void transactionsRollBackAndNest()
    {
        auto store = ProjectStore::create(newFolder(), QStringLiteral("tx"));
        bool thrown = false;
        try {
            store->transaction([&] {
                Frame a = makeFrame(QStringLiteral("tx-a"));
                store->addFrame(a);
                store->transaction([&] { // nested: joins the outer transaction
                    Frame b = makeFrame(QStringLiteral("tx-b"));
                    store->addFrame(b);
                });
                QCOMPARE(store->frameCount(), 2);
                throw std::runtime_error("abort");
            });
        } catch (const std::runtime_error &e) {
            thrown = QString::fromUtf8(e.what()) == QLatin1String("abort");
        }
        QVERIFY(thrown);
        QCOMPARE(store->frameCount(), 0);

        // An inner failure that the caller swallows still prevents the commit.
        QVERIFY_THROWS_EXCEPTION(StoreError, store->transaction([&] {
            Frame a = makeFrame(QStringLiteral("tx-c"));
            store->addFrame(a);
            try {
                Frame bad = makeFrame(QStringLiteral("tx-d"));
                bad.width = 0;
                store->transaction([&] { store->addFrame(bad); });
            } catch (const StoreError &) {
            }
        }));
        QCOMPARE(store->frameCount(), 0);

        // A failing SQL statement inside a write leaves nothing behind (FK violation).
        TeacherRequest orphan;
        orphan.frameId = 12345;
        orphan.structureId = 1;
        orphan.provider = QStringLiteral("offline");
        try {
            store->addTeacherRequest(orphan);
            QFAIL("expected a StoreError");
        } catch (const StoreError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("FOREIGN KEY"), Qt::CaseInsensitive), e.what());
        }
        QVERIFY(store->teacherRequests().empty());
        Frame ok = makeFrame(QStringLiteral("tx-e"));
        store->addFrame(ok);
        QCOMPARE(store->frameCount(), 1);
    }

    void concurrentReader()
    {
        const QString folder = newFolder();
        auto store = ProjectStore::create(folder, QStringLiteral("concurrent"));
        CountReader reader(folder);
        reader.start();
        QTRY_VERIFY_WITH_TIMEOUT(reader.reads.loadAcquire() > 0 || reader.isFinished(), 30000);
        // Write until the reader has demonstrably read while writes were going on.
        int transactions = 0;
        for (int i = 0; i < 5000 && (i < 150 || reader.intermediate.loadAcquire() < 20); ++i, ++transactions) {
            store->transaction([&] {
                Frame a = makeFrame(QStringLiteral("c-%1-a").arg(i));
                Frame b = makeFrame(QStringLiteral("c-%1-b").arg(i));
                store->addFrame(a);
                store->addFrame(b);
            });
        }
        // Let the reader see the final state at least once.
        QTest::qWait(50);
        reader.stop.storeRelease(1);
        QVERIFY(reader.wait(30000));
        QVERIFY2(reader.error.isEmpty(), qPrintable(reader.error));
        QVERIFY(reader.intermediate.loadAcquire() > 0);
        QCOMPARE(store->frameCount(), 2 * transactions);
    }

    void crashConsistency()
    {
#ifndef STOREWRITER_HELPER
        QSKIP("storewriter_helper is not built");
#else
        const QString folder = newFolder();
        ProjectStore::create(folder, QStringLiteral("crash")).reset();
        QProcess helper;
        helper.setProgram(QStringLiteral(STOREWRITER_HELPER));
        helper.setArguments({folder, QStringLiteral("1000000")});
        helper.setProcessChannelMode(QProcess::SeparateChannels);
        helper.start();
        QVERIFY2(helper.waitForStarted(10000), qPrintable(helper.errorString()));
        QByteArray output;
        int lastCommitted = 0;
        auto parse = [&] {
            output += helper.readAllStandardOutput();
            const QList<QByteArray> lines = output.split('\n');
            for (const QByteArray &line : lines) {
                if (line.startsWith("committed "))
                    lastCommitted = std::max(lastCommitted, line.mid(10).toInt());
            }
        };
        QElapsedTimer timer;
        timer.start();
        while (lastCommitted < 60 && timer.elapsed() < 60000 && helper.state() == QProcess::Running) {
            helper.waitForReadyRead(200);
            parse();
        }
        QVERIFY2(helper.state() == QProcess::Running,
                 qPrintable(QStringLiteral("helper ended early: ") + helper.readAllStandardError()));
        helper.kill(); // SIGKILL, mid-transaction most likely
        QVERIFY(helper.waitForFinished(10000));
        QCOMPARE(helper.exitStatus(), QProcess::CrashExit);
        parse();
        QVERIFY(lastCommitted >= 60);

        auto store = ProjectStore::open(folder);
        QVERIFY(store->integrityOk());
        QVERIFY(store->checkAuditLog().intact());
        const int frames = store->frameCount();
        QCOMPARE(frames % 2, 0); // no partial transaction
        // The last reported transaction is durable; at most one more committed
        // between its COMMIT and the kill, before it could be printed.
        QVERIFY2(frames / 2 >= lastCommitted && frames / 2 <= lastCommitted + 1,
                 qPrintable(QStringLiteral("%1 frames, last committed %2").arg(frames).arg(lastCommitted)));
        QCOMPARE(int(store->auditLog().size()), frames / 2);
        for (int half = 0; half < 2; ++half)
            QVERIFY(store->frameByContentHash(QStringLiteral("tx%1-%2").arg(lastCommitted).arg(half).toLatin1()));
        QVERIFY(!store->frameByContentHash(QStringLiteral("tx%1-0").arg(frames / 2 + 1).toLatin1()));
        // The store stays writable after the crash.
        Frame f = makeFrame(QStringLiteral("after-crash"));
        store->addFrame(f);
        QVERIFY(store->integrityOk());
#endif
    }

    // #16: what an attacker with the database file tries. The triggers stop the casual
    // edit; an attacker drops them first, as here.
    void auditChainDetectsTampering_data()
    {
        QTest::addColumn<QStringList>("tamper");
        QTest::addColumn<int>("problem");
        const QString dropTriggers = QStringLiteral(
            "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_anchor_no_delete");
        auto withDrop = [&](const QStringList &sql) { return dropTriggers.split(QStringLiteral("; ")) + sql; };
        QTest::newRow("user") << withDrop({"UPDATE audit_log SET user = 'mallory' WHERE id = 2"})
                              << int(AuditProblem::EntryAltered);
        QTest::newRow("payload") << withDrop({"UPDATE audit_log SET payload = X'00' WHERE id = 2"})
                                 << int(AuditProblem::EntryAltered);
        QTest::newRow("deleted first") << withDrop({"DELETE FROM audit_log WHERE id = 1"})
                                       << int(AuditProblem::EntryAltered);
        QTest::newRow("deleted last") << withDrop({"DELETE FROM audit_log WHERE id = 3"})
                                      << int(AuditProblem::AnchorMismatch);
        QTest::newRow("deleted last two") << withDrop({"DELETE FROM audit_log WHERE id >= 2"})
                                          << int(AuditProblem::AnchorMismatch);
        QTest::newRow("deleted all") << withDrop({"DELETE FROM audit_log"}) << int(AuditProblem::AnchorMismatch);
        QTest::newRow("deleted all and the anchor")
            << withDrop({"DELETE FROM audit_log", "DELETE FROM audit_anchor"}) << int(AuditProblem::AnchorMismatch);
        // Trimmed, and the anchor set to match: only this computer's record knows.
        QTest::newRow("deleted last, anchor fixed")
            << withDrop({"DELETE FROM audit_log WHERE id = 3",
                         "UPDATE audit_anchor SET entries = 2, head = (SELECT entry_hash FROM audit_log WHERE id = 2)"})
            << int(AuditProblem::ChangedSinceVerified);
    }

    void auditChainDetectsTampering()
    {
        QFETCH(QStringList, tamper);
        QFETCH(int, problem);
        const QString folder = newFolder();
        auto store = ProjectStore::create(folder, QStringLiteral("audit"));
        QVERIFY(store->checkAuditLog().intact()); // empty chain
        std::vector<AuditEntry> entries;
        for (int i = 0; i < 3; ++i)
            entries.push_back(store->appendAudit(QStringLiteral("alice"), QStringLiteral("teacher_request"),
                                                 QStringLiteral("api.example.org"), QByteArray("payload ") + char('0' + i)));
        QCOMPARE(entries[1].prevHash, entries[0].entryHash);
        QCOMPARE(entries[2].prevHash, entries[1].entryHash);
        // The documented formula, recomputed independently: length-prefixed fields.
        QByteArray material;
        for (const QByteArray &f : {entries[1].prevHash, entries[1].time.toString(Qt::ISODateWithMs).toUtf8(),
                                    QByteArray("alice"), QByteArray("teacher_request"), QByteArray("api.example.org"),
                                    entries[1].payloadSha256})
            material += QByteArray::number(f.size()) + ':' + f;
        QCOMPARE(entries[1].entryHash, QCryptographicHash::hash(material, QCryptographicHash::Sha256).toHex());
        QVERIFY(store->checkAuditLog().intact()); // and this computer records 3 entries
        QCOMPARE(store->checkAuditLog().entries, 3);
        {
            RawDb raw(folder);
            QString error;
            // Without dropping the triggers the log is append-only.
            QVERIFY(!raw.exec(QStringLiteral("DELETE FROM audit_log WHERE id = 3")));
            QVERIFY(!raw.exec(QStringLiteral("UPDATE audit_log SET user = 'mallory' WHERE id = 2")));
            for (const QString &sql : tamper)
                QVERIFY2(raw.exec(sql, &error), qPrintable(error));
        }
        const AuditCheck check = store->checkAuditLog();
        QCOMPARE(int(check.problem), problem);
        if (check.problem == AuditProblem::EntryAltered)
            QCOMPARE(check.brokenAt, qint64(2)); // the altered entry, or the first one after a removed one
        QVERIFY(!auditProblemText(check).isEmpty());
    }

    // Moving a '|' between two fields kept the version-1 hash; version 2 does not.
    void auditFieldsCannotTradeText()
    {
        const QString folder = newFolder();
        auto store = ProjectStore::create(folder, QStringLiteral("audit"));
        store->appendAudit(QStringLiteral("dr a"), QStringLiteral("x|teacher_request"), QStringLiteral("h"), "p");
        {
            RawDb raw(folder);
            QString error;
            QVERIFY2(raw.exec(QStringLiteral("DROP TRIGGER audit_log_no_update"), &error), qPrintable(error));
            QVERIFY2(raw.exec(QStringLiteral("UPDATE audit_log SET user = 'dr a|x', action = 'teacher_request'"), &error),
                     qPrintable(error));
        }
        QCOMPARE(store->checkAuditLog().problem, AuditProblem::EntryAltered);
    }

    // A whole log re-hashed by an attacker (and its anchor with it) passes every check
    // inside the project, but not this computer's record of what it verified.
    void rewrittenLogIsCaughtByThisComputersRecord()
    {
        const QString folder = newFolder();
        auto store = ProjectStore::create(folder, QStringLiteral("audit"));
        for (int i = 0; i < 3; ++i)
            store->appendAudit(QStringLiteral("alice"), QStringLiteral("teacher_request"), QStringLiteral("h"),
                               QByteArray("payload ") + char('0' + i));
        QVERIFY(store->checkAuditLog().intact());
        // Build the forged log in a second project with the same project id: two entries only.
        const QString forgedFolder = newFolder();
        {
            auto forged = ProjectStore::create(forgedFolder, QStringLiteral("forged"));
            for (int i = 0; i < 2; ++i)
                forged->appendAudit(QStringLiteral("alice"), QStringLiteral("teacher_request"), QStringLiteral("h"),
                                    QByteArray("payload ") + char('0' + i));
            forged->setSetting(QStringLiteral("project_id"), store->setting(QStringLiteral("project_id")));
        }
        store.reset();
        QVERIFY(QFile::remove(folder + QStringLiteral("/project.sqlite")));
        QVERIFY(QFile::copy(forgedFolder + QStringLiteral("/project.sqlite"), folder + QStringLiteral("/project.sqlite")));
        store = ProjectStore::open(folder);
        const AuditCheck check = store->checkAuditLog();
        QCOMPARE(check.problem, AuditProblem::ChangedSinceVerified);
        QCOMPARE(check.expected, 3);
    }

    // Statuses are enums in code but keep their text in project.sqlite, so
    // projects of earlier builds read the same and the file stays readable.
    void statusesKeepTheirTextInTheFile()
    {
        const QString folder = newFolder();
        auto store = ProjectStore::create(folder, QStringLiteral("statuses"));
        Frame frame = makeFrame(QStringLiteral("st"));
        store->addFrame(frame);
        const qint64 structureId = store->structures().front().id;
        RawDb raw(folder);
        const auto column = [&](const char *table, const char *column, qint64 id) {
            return raw.text(QStringLiteral("SELECT %1 FROM %2 WHERE id = %3")
                                .arg(QLatin1String(column), QLatin1String(table)).arg(id));
        };

        const std::vector<std::pair<RequestStatus, const char *>> requestStatuses{
            {RequestStatus::Pending, "pending"}, {RequestStatus::Done, "done"}, {RequestStatus::Failed, "failed"}};
        qint64 answerId = 0;
        for (const auto &[status, text] : requestStatuses) {
            TeacherRequest r;
            r.frameId = frame.id;
            r.structureId = structureId;
            r.provider = QStringLiteral("offline");
            r.status = status;
            store->addTeacherRequest(r);
            QCOMPARE(column("teacher_requests", "status", r.id), QString::fromLatin1(text));
            QCOMPARE(store->teacherRequest(r.id)->status, status);
            QCOMPARE(requestStatusToString(status), QString::fromLatin1(text));
            QCOMPARE(store->teacherRequests(status).size(), size_t(1));
            if (status == RequestStatus::Done) {
                TeacherAnswer a;
                a.requestId = r.id;
                a.text = QStringLiteral("answer");
                answerId = store->addTeacherAnswer(a);
            }
        }
        QCOMPARE(store->teacherRequests().size(), requestStatuses.size());

        for (const auto &[decision, text] : std::vector<std::pair<AnswerDecision, const char *>>{
                 {AnswerDecision::Accepted, "accepted"}, {AnswerDecision::Edited, "edited"},
                 {AnswerDecision::Rejected, "rejected"}}) {
            AnswerReview r;
            r.answerId = answerId;
            r.decision = decision;
            r.reviewer = QStringLiteral("carol");
            store->addAnswerReview(r);
            QCOMPARE(column("answer_reviews", "decision", r.id), QString::fromLatin1(text));
            QCOMPARE(store->answerReviews(answerId).back().decision, decision);
            QCOMPARE(answerDecisionToString(decision), QString::fromLatin1(text));
        }

        for (const auto &[status, text] : std::vector<std::pair<PairStatus, const char *>>{
                 {PairStatus::Proposed, "proposed"}, {PairStatus::Approved, "approved"},
                 {PairStatus::Discarded, "discarded"}}) {
            PreferencePair p;
            p.frameId = frame.id;
            p.structureId = structureId;
            p.status = status;
            store->addPreferencePair(p);
            QCOMPARE(column("preference_pairs", "status", p.id), QString::fromLatin1(text));
            QCOMPARE(pairStatusToString(status), QString::fromLatin1(text));
            const auto filtered = store->preferencePairs(status);
            QCOMPARE(filtered.size(), size_t(1));
            QCOMPARE(filtered.front().id, p.id);
        }

        TrainingRun run;
        run.kind = QStringLiteral("sft");
        store->addTrainingRun(run);
        QCOMPARE(column("training_runs", "status", run.id), QStringLiteral("running")); // the default
        for (const auto &[status, text] : std::vector<std::pair<RunStatus, const char *>>{
                 {RunStatus::Finished, "finished"}, {RunStatus::Failed, "failed"},
                 {RunStatus::Interrupted, "interrupted"}, {RunStatus::Running, "running"}}) {
            run.status = status;
            store->updateTrainingRun(run);
            QCOMPARE(column("training_runs", "status", run.id), QString::fromLatin1(text));
            QCOMPARE(store->trainingRun(run.id)->status, status);
            QCOMPARE(runStatusToString(status), QString::fromLatin1(text));
        }
    }

    // A status text this build does not know (a newer or hand-edited project)
    // reads back as the value that lets nothing pass (entities.h names them).
    void unknownStatusReadsSafely()
    {
        const QString folder = newFolder();
        auto store = ProjectStore::create(folder, QStringLiteral("unknown"));
        Frame frame = makeFrame(QStringLiteral("unk"));
        store->addFrame(frame);
        const qint64 structureId = store->structures().front().id;
        TeacherRequest request;
        request.frameId = frame.id;
        request.structureId = structureId;
        request.provider = QStringLiteral("offline");
        request.status = RequestStatus::Done;
        store->addTeacherRequest(request);
        TeacherAnswer answer;
        answer.requestId = request.id;
        answer.text = QStringLiteral("answer");
        store->addTeacherAnswer(answer);
        QVERIFY(acceptAnswer(*store, answer.id, QStringLiteral("carol")).decision == AnswerDecision::Accepted);
        QCOMPARE(approvedAnswerText(*store, answer.id), std::optional<QString>(QStringLiteral("answer")));
        PreferencePair pair;
        pair.frameId = frame.id;
        pair.structureId = structureId;
        pair.status = PairStatus::Approved;
        store->addPreferencePair(pair);
        TrainingRun run;
        run.kind = QStringLiteral("sft");
        run.status = RunStatus::Finished;
        store->addTrainingRun(run);
        {
            RawDb raw(folder);
            QString error;
            // answer_reviews.decision has a CHECK constraint; a hand-edited file need not.
            QVERIFY(raw.exec(QStringLiteral("PRAGMA ignore_check_constraints = ON")));
            for (const char *sql : {"UPDATE teacher_requests SET status = 'archived'",
                                    "UPDATE answer_reviews SET decision = 'maybe'",
                                    "UPDATE preference_pairs SET status = 'Approved'",
                                    "UPDATE training_runs SET status = ''"})
                QVERIFY2(raw.exec(QString::fromLatin1(sql), &error), qPrintable(error));
        }
        QCOMPARE(store->teacherRequest(request.id)->status, RequestStatus::Failed);
        QVERIFY(store->teacherRequests(RequestStatus::Done).empty());
        QCOMPARE(store->answerReviews(answer.id).back().decision, AnswerDecision::Rejected);
        QCOMPARE(approvedAnswerText(*store, answer.id), std::optional<QString>());
        QCOMPARE(store->preferencePairs().front().status, PairStatus::Proposed);
        QVERIFY(store->preferencePairs(PairStatus::Approved).empty());
        QCOMPARE(store->trainingRun(run.id)->status, RunStatus::Failed);
        QCOMPARE(requestStatusFromString(QString()), RequestStatus::Failed);
        QCOMPARE(answerDecisionFromString(QStringLiteral("ACCEPTED")), AnswerDecision::Rejected);
        QCOMPARE(pairStatusFromString(QStringLiteral("approved ")), PairStatus::Proposed);
        QCOMPARE(runStatusFromString(QStringLiteral("paused")), RunStatus::Failed);
    }

    // OpenMode::ReadOnly reads everything, creates no file (no -wal/-shm, not even media/),
    // leaves project.sqlite's bytes and time alone, and refuses every write loudly.
    void readOnlyOpenReadsAndNeverWrites()
    {
        // Characters a file: URI must escape.
        const QString folder = m_tmp.filePath(QStringLiteral("read only #1 ?%20"));
        qint64 frameId = 0, maskId = 0, answerId = 0, structureId = 0, runId = 0;
        {
            auto store = ProjectStore::create(folder, QStringLiteral("archived"));
            Frame f = makeFrame(QStringLiteral("ro"));
            frameId = store->addFrame(f);
            structureId = store->structures().front().id;
            maskId = store->saveMask(frameId, structureId, boxMask(6, 8, 0, 0, 3, 3), QStringLiteral("alice")).id;
            store->saveMask(frameId, structureId, boxMask(6, 8, 0, 0, 4, 4), QStringLiteral("alice"));
            Review review;
            review.maskId = maskId;
            review.state = ReviewState::Approved;
            review.reviewer = QStringLiteral("bob");
            store->addReview(review);
            TeacherRequest request;
            request.frameId = frameId;
            request.structureId = structureId;
            request.provider = QStringLiteral("offline");
            request.status = RequestStatus::Done;
            store->addTeacherRequest(request);
            TeacherAnswer answer;
            answer.requestId = request.id;
            answer.text = QStringLiteral("The duodenum.");
            answerId = store->addTeacherAnswer(answer);
            TrainingRun run;
            run.kind = QStringLiteral("sft");
            runId = store->addTrainingRun(run);
            store->appendAudit(QStringLiteral("alice"), QStringLiteral("policy"), {}, "a");
            store->appendAudit(QStringLiteral("alice"), QStringLiteral("request"), QStringLiteral("http://x"), "b");
        }
        QVERIFY(QDir(folder + QStringLiteral("/media")).removeRecursively()); // a read-only open must not recreate it
        const QString dbFile = folder + QStringLiteral("/project.sqlite");
        const QByteArray bytes = fileBytes(dbFile);
        const QStringList before = folderSnapshot(folder);
        QVERIFY(!bytes.isEmpty());
        QCOMPARE(before.size(), 2); // the folder and project.sqlite: the writer left no -wal/-shm

        auto store = ProjectStore::open(folder, OpenMode::ReadOnly);
        QVERIFY(store->isReadOnly());
        QCOMPARE(store->schemaVersion(), ProjectStore::latestSchemaVersion());
        QCOMPARE(store->setting(QStringLiteral("name")), QStringLiteral("archived"));
        QCOMPARE(store->frameCount(), 1);
        QCOMPARE(store->structures().size(), size_t(5));
        QCOMPARE(store->mask(frameId, structureId)->version, 2);
        QCOMPARE(store->maskHistory(maskId).size(), size_t(2));
        QCOMPARE(store->latestReview(maskId)->state, ReviewState::Approved);
        QCOMPARE(store->teacherRequests(RequestStatus::Done).size(), size_t(1));
        QCOMPARE(store->teacherAnswer(answerId)->text, QStringLiteral("The duodenum."));
        QCOMPARE(store->trainingRuns().size(), size_t(1));
        QCOMPARE(store->auditLog().size(), size_t(2));
        QVERIFY(store->checkAuditLog().intact());
        QVERIFY(store->integrityOk());
        QCOMPARE(folderSnapshot(folder), before); // nothing appears while it is open

        Frame frame = *store->frame(frameId);
        Structure structure = store->structures().front();
        const std::vector<std::pair<const char *, std::function<void()>>> writes = {
            {"transaction", [&] { store->transaction([] {}); }},
            {"setSetting", [&] { store->setSetting(QStringLiteral("name"), QStringLiteral("changed")); }},
            {"addFrame", [&] { Frame f = makeFrame(QStringLiteral("ro-new")); store->addFrame(f); }},
            {"updateFrame", [&] { store->updateFrame(frame); }},
            {"updateStructure", [&] { store->updateStructure(structure); }},
            {"saveMask", [&] { store->saveMask(frameId, structureId, boxMask(6, 8, 0, 0, 1, 1), QStringLiteral("x")); }},
            {"restoreMaskVersion", [&] { store->restoreMaskVersion(maskId, 1, QStringLiteral("x")); }},
            {"addReview", [&] { Review r; r.maskId = maskId; r.reviewer = QStringLiteral("x"); store->addReview(r); }},
            {"addTeacherAnswer", [&] { TeacherAnswer a; a.requestId = 1; a.text = QStringLiteral("t"); store->addTeacherAnswer(a); }},
            {"clearAnswerFlag", [&] { store->clearAnswerFlag(answerId); }},
            {"updateTrainingRun", [&] { TrainingRun r = *store->trainingRun(runId); store->updateTrainingRun(r); }},
            {"appendAudit", [&] { store->appendAudit(QStringLiteral("x"), QStringLiteral("y"), {}, "z"); }},
            {"addTutorAttempt", [&] { TutorAttempt t; t.resident = QStringLiteral("r"); t.frameId = frameId;
                                      t.structureId = structureId; store->addTutorAttempt(t); }},
        };
        for (const auto &[name, write] : writes) {
            try {
                write();
                QFAIL(qPrintable(QStringLiteral("%1 on a read-only store did not throw").arg(QLatin1String(name))));
            } catch (const StoreError &e) {
                QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("read-only")), e.what());
            }
        }
        QCOMPARE(store->setting(QStringLiteral("name")), QStringLiteral("archived"));
        QCOMPARE(store->auditLog().size(), size_t(2));
        store.reset();
        QCOMPARE(folderSnapshot(folder), before);
        QVERIFY(fileBytes(dbFile) == bytes);

        // The ordinary open still migrates, writes WAL and recreates media/.
        auto writer = ProjectStore::open(folder);
        QVERIFY(!writer->isReadOnly());
        QVERIFY(QFileInfo(folder + QStringLiteral("/media")).isDir());
    }

    // A writer's newest commits may still be only in its -wal: a read-only store opened
    // meanwhile reads through it instead of the stale main file.
    void readOnlyOpenSeesUncheckpointedCommits()
    {
        const QString folder = newFolder();
        auto writer = ProjectStore::create(folder, QStringLiteral("live"));
        Frame f = makeFrame(QStringLiteral("live"));
        writer->addFrame(f);
        QVERIFY(QFileInfo(folder + QStringLiteral("/project.sqlite-wal")).size() > 0);
        auto reader = ProjectStore::open(folder, OpenMode::ReadOnly);
        QCOMPARE(reader->frameCount(), 1);
        QCOMPARE(reader->setting(QStringLiteral("name")), QStringLiteral("live"));
        QVERIFY_THROWS_EXCEPTION(StoreError, reader->setSetting(QStringLiteral("name"), QStringLiteral("x")));
        Frame g = makeFrame(QStringLiteral("live-2"));
        writer->addFrame(g); // the writer is unaffected
        QCOMPARE(reader->frameCount(), 2);
    }

    // Read-only never migrates: an older project asks for one writable open, a newer one
    // gets the usual refusal; the file stays as it was.
    void readOnlyOpenRefusesOtherSchemaVersions()
    {
        const QString folder = newFolder();
        QVERIFY(QDir().mkpath(folder + QStringLiteral("/media")));
        {
            RawDb raw(folder);
            QSqlDatabase db = raw.db();
            schema::migrate(db, 1);
        }
        const QByteArray old = fileBytes(folder + QStringLiteral("/project.sqlite"));
        try {
            ProjectStore::open(folder, OpenMode::ReadOnly);
            QFAIL("a read-only open of an older schema must fail");
        } catch (const StoreError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("open it once with write access to upgrade")),
                     e.what());
        }
        QVERIFY(fileBytes(folder + QStringLiteral("/project.sqlite")) == old);
        {
            RawDb raw(folder);
            QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = %1").arg(ProjectStore::latestSchemaVersion() + 1)));
        }
        try {
            ProjectStore::open(folder, OpenMode::ReadOnly);
            QFAIL("a read-only open of a newer schema must fail");
        } catch (const StoreError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("newer")), e.what());
        }
    }

    void errors()
    {
        const QString folder = newFolder();
        auto store = ProjectStore::create(folder, QStringLiteral("errors"));
        try {
            ProjectStore::create(folder, QStringLiteral("again"));
            QFAIL("create() on an existing project must fail");
        } catch (const StoreError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("already exists")), e.what());
        }
        QCOMPARE(store->setting(QStringLiteral("name")), QStringLiteral("errors"));

        // Structures in use cannot be removed; unused ones can.
        Frame f = makeFrame(QStringLiteral("err"));
        store->addFrame(f);
        const Structure duodenum = *store->structureByKey(QStringLiteral("duodenum"));
        store->saveMask(f.id, duodenum.id, boxMask(6, 8, 0, 0, 1, 1), QStringLiteral("alice"));
        try {
            store->removeStructure(duodenum.id);
            QFAIL("removeStructure must be refused");
        } catch (const StoreError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("mask")), e.what());
        }
        QVERIFY(store->structure(duodenum.id));
        const qint64 pancreas = store->structureByKey(QStringLiteral("pancreas"))->id;
        store->removeStructure(pancreas);
        QVERIFY(!store->structure(pancreas));
        QCOMPARE(store->structures().size(), size_t(4));
        Structure dup = duodenum;
        dup.id = 0;
        QVERIFY_THROWS_EXCEPTION(StoreError, store->addStructure(dup));
        Structure badColor = duodenum;
        badColor.color = QStringLiteral("red");
        QVERIFY_THROWS_EXCEPTION(StoreError, store->updateStructure(badColor));
        Structure renamed = duodenum;
        renamed.name = QStringLiteral("Duodenum (pars horizontalis)");
        renamed.color = QStringLiteral("#123456");
        store->updateStructure(renamed);
        QCOMPARE(store->structure(duodenum.id)->name, renamed.name);
        Frame ghost = makeFrame(QStringLiteral("ghost"));
        ghost.id = 424242;
        QVERIFY_THROWS_EXCEPTION(StoreError, store->updateFrame(ghost));
        store.reset();

        // Not a project.
        const QString empty = m_tmp.filePath(QStringLiteral("empty"));
        QVERIFY(QDir().mkpath(empty));
        QVERIFY(!ProjectStore::isProject(empty));
        try {
            ProjectStore::open(empty);
            QFAIL("open() on a plain folder must fail");
        } catch (const StoreError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("not a SurgDistill project")), e.what());
        }
        QVERIFY(!QFileInfo::exists(empty + QStringLiteral("/project.sqlite"))); // nothing created
        QVERIFY_THROWS_EXCEPTION(StoreError, ProjectStore::open(m_tmp.filePath(QStringLiteral("does-not-exist"))));

        // Garbage bytes.
        const QString corrupt = m_tmp.filePath(QStringLiteral("corrupt"));
        QVERIFY(QDir().mkpath(corrupt));
        QFile file(corrupt + QStringLiteral("/project.sqlite"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray garbage;
        for (int i = 0; i < 8192; ++i)
            garbage.append(char((i * 7919 + 13) & 0xff));
        file.write(garbage);
        file.close();
        try {
            ProjectStore::open(corrupt);
            QFAIL("open() on garbage must fail");
        } catch (const StoreError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(corrupt), e.what());
        }

        // A SQLite database of some other application.
        const QString foreign = m_tmp.filePath(QStringLiteral("foreign"));
        QVERIFY(QDir().mkpath(foreign));
        {
            RawDb raw(foreign);
            QVERIFY(raw.exec(QStringLiteral("CREATE TABLE t (x)")));
        }
        try {
            ProjectStore::open(foreign);
            QFAIL("open() on a foreign database must fail");
        } catch (const StoreError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("not a SurgDistill project")), e.what());
        }

        // A project from a newer build.
        {
            RawDb raw(folder);
            QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = %1").arg(ProjectStore::latestSchemaVersion() + 1)));
        }
        try {
            ProjectStore::open(folder);
            QFAIL("open() on a newer schema must fail");
        } catch (const StoreError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("newer")), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestProjectStore)
#include "tst_projectstore.moc"
