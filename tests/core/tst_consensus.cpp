// Independent annotations per frame, their merge (majority vote, STAPLE),
// honeypots and the agreement report, on real demo projects and hand-made masks
// whose answers are computed by hand in the comments.
#include "coco.h"
#include "consensus/agreementreport.h"
#include "consensus/honeypots.h"
#include "consensus/independentannotation.h"
#include "consensus/merge.h"
#include "demo/demoproject.h"
#include "store/projectstore.h"
#include "store/schema.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>

using namespace sd;
using namespace sd::consensus;

namespace {

// x0..x1, y0..y1 inclusive
RleMask box(int h, int w, int x0, int y0, int x1, int y1)
{
    cv::Mat m(h, w, CV_8UC1, cv::Scalar(0));
    m(cv::Rect(x0, y0, x1 - x0 + 1, y1 - y0 + 1)).setTo(255);
    return RleMask::encode(m);
}

RleMask unite(std::initializer_list<RleMask> masks)
{
    RleMask out = *masks.begin();
    for (const RleMask &m : masks)
        out = sd::unite(out, m);
    return out;
}

UserIdentity annotator(const QString &name) { return {name, UserRole::Annotator}; }
UserIdentity reviewer(const QString &name) { return {name, UserRole::Reviewer}; }

QStringList namesOf(const std::vector<Annotation> &annotations)
{
    QStringList names;
    for (const Annotation &a : annotations)
        names << a.annotator;
    return names;
}

const AgreementRow *findRow(const AgreementReport &r, AgreementKind kind, const QString &a, const QString &b = {})
{
    for (const AgreementRow &row : r.rows)
        if (row.kind == kind && row.annotator == a && row.otherAnnotator == b)
            return &row;
    return nullptr;
}

} // namespace

class TestConsensus : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    int m_projects = 0;

    // A small demo project: 64x64 frames whose masks "demo reviewer" approved.
    std::unique_ptr<ProjectStore> demoProject(int frames = 4)
    {
        DemoOptions o;
        o.frames = frames;
        o.width = 64;
        o.height = 64;
        o.seed = 1;
        const QString folder = m_tmp.filePath(QStringLiteral("demo%1").arg(++m_projects));
        createDemoProject(folder, o);
        return ProjectStore::open(folder);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void majorityVoteKeepsWhatMoreThanHalfMarked()
    {
        // One row of 6 pixels, votes per pixel: 3 2 1 0 2 1 -> majority (>1.5) keeps pixels 0, 1, 4.
        const RleMask a = RleMask::encode(std::vector<uint8_t>{1, 1, 1, 0, 0, 0}.data(), 1, 6);
        const RleMask b = RleMask::encode(std::vector<uint8_t>{1, 1, 0, 0, 1, 1}.data(), 1, 6);
        const RleMask c = RleMask::encode(std::vector<uint8_t>{1, 0, 0, 0, 1, 0}.data(), 1, 6);
        QVERIFY(majorityVote({a, b, c}) == RleMask::encode(std::vector<uint8_t>{1, 1, 0, 0, 1, 0}.data(), 1, 6));
        // Two raters: a tie (1 of 2) stays background.
        QVERIFY(majorityVote({a, b}) == RleMask::encode(std::vector<uint8_t>{1, 1, 0, 0, 0, 0}.data(), 1, 6));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, majorityVote({}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, majorityVote({a, RleMask::empty(2, 3)}));
    }

    void stapleOutvotesTwoSloppyRaters()
    {
        // 10x10 pixels. Truth T = rows 0-2 (30 px), marked exactly by rater A. Raters B and C
        // mark T, each 30 own extra pixels (B rows 3-5, C rows 6-8) and the same 2 pixels S
        // (row 9, x 0-1). Majority keeps T and S (S has 2 of 3 votes). STAPLE learns that B and
        // C mark much background (specificity 38/70) while A never does, so S is background:
        // the fixed point is W = A with p_A = q_A = 1, p_B = p_C = 1, q_B = q_C = (70-32)/70.
        const int n = 10;
        const RleMask t = box(n, n, 0, 0, 9, 2);
        const RleMask s = box(n, n, 0, 9, 1, 9);
        const RleMask a = t;
        const RleMask b = unite({t, box(n, n, 0, 3, 9, 5), s});
        const RleMask c = unite({t, box(n, n, 0, 6, 9, 8), s});
        QVERIFY(majorityVote({a, b, c}) == unite({t, s}));
        const StapleResult r = staple({a, b, c});
        QVERIFY(r.converged);
        QVERIFY(r.mask == t);
        QCOMPARE(r.mask.area(), quint64(30));
        QVERIFY(qAbs(r.prior - (30.0 + 62 + 62) / 300.0) < 1e-12);
        const double q = 38.0 / 70.0;
        for (int j = 0; j < 3; ++j)
            QVERIFY2(qAbs(r.sensitivity[size_t(j)] - 1.0) < 1e-4, qPrintable(QString::number(r.sensitivity[size_t(j)])));
        QVERIFY(qAbs(r.specificity[0] - 1.0) < 1e-4);
        QVERIFY2(qAbs(r.specificity[1] - q) < 1e-4, qPrintable(QString::number(r.specificity[1])));
        QVERIFY(qAbs(r.specificity[2] - q) < 1e-4);
        // Raters that agree completely: STAPLE returns their mask.
        QVERIFY(staple({b, b, b}).mask == b);
        QVERIFY(merge({a, b, c}, MergeMethod::Staple) == t);
        QVERIFY(merge({a, b, c}, MergeMethod::Majority) == unite({t, s}));
    }

    void threeAnnotatorsOnADemoFrame()
    {
        auto store = demoProject();
        QCOMPARE(independentAnnotations(*store), 1);
        setIndependentAnnotations(*store, 3);
        QVERIFY_THROWS_EXCEPTION(ReviewError, setIndependentAnnotations(*store, 0));
        QCOMPARE(independentAnnotations(*store), 3);

        const Frame frame = store->frames().front();
        const Mask demoReference = store->masksForFrame(frame.id).front();
        const qint64 structureId = demoReference.structureId;
        const UserIdentity alice = annotator("alice"), bob = annotator("bob"), carol = annotator("carol");
        const UserIdentity rita = reviewer("rita");
        QVERIFY(annotatesIndependently(*store, frame.id, alice));
        QVERIFY(!annotatesIndependently(*store, frame.id, rita));

        // A: x 10-29, y 10-29 (400 px); B: x 10-29, y 10-39 (600 px, contains A);
        // C: x 20-39, y 10-29 (400 px). A∩B = 400, A∩C = 200, B∩C = 200, so
        // Dice(A,B) = 800/1000 = 0.8, Dice(A,C) = 400/800 = 0.5, Dice(B,C) = 400/1000 = 0.4.
        // Majority (2 of 3): A∩B ∪ A∩C ∪ B∩C = A.
        const RleMask maskA = box(64, 64, 10, 10, 29, 29);
        const RleMask maskB = box(64, 64, 10, 10, 29, 39);
        const RleMask maskC = box(64, 64, 20, 10, 39, 29);
        saveOwnAnnotation(*store, frame.id, structureId, box(64, 64, 0, 0, 3, 3), alice); // a first draft
        saveOwnAnnotation(*store, frame.id, structureId, maskA, alice);
        saveOwnAnnotation(*store, frame.id, structureId, maskB, bob);
        saveOwnAnnotation(*store, frame.id, structureId, maskC, carol);
        QCOMPARE(store->annotation(frame.id, structureId, QStringLiteral("alice"))->version, 2);
        QCOMPARE(store->annotationHistory(store->annotation(frame.id, structureId, "alice")->id).size(), size_t(2));
        // Reviewers do not annotate independently; core refuses, not only the UI.
        QVERIFY_THROWS_EXCEPTION(ReviewError, saveOwnAnnotation(*store, frame.id, structureId, maskA, rita));

        // Hidden before submission: everyone sees only their own draft, the reviewer nothing.
        QCOMPARE(namesOf(visibleAnnotations(*store, frame.id, structureId, alice)), QStringList{"alice"});
        QCOMPARE(namesOf(visibleAnnotations(*store, frame.id, structureId, bob)), QStringList{"bob"});
        QVERIFY(visibleAnnotations(*store, frame.id, structureId, rita).empty());
        QVERIFY(consensusCandidate(*store, frame.id, structureId, MergeMethod::Majority, rita).annotations.empty());
        QVERIFY_THROWS_EXCEPTION(ReviewError,
                                 consensusCandidate(*store, frame.id, structureId, MergeMethod::Majority, alice));

        submitAnnotation(*store, frame.id, structureId, alice);
        QCOMPARE(namesOf(visibleAnnotations(*store, frame.id, structureId, rita)), QStringList{"alice"});
        QCOMPARE(namesOf(visibleAnnotations(*store, frame.id, structureId, alice)), QStringList{"alice"});
        QCOMPARE(namesOf(visibleAnnotations(*store, frame.id, structureId, bob)), QStringList{"bob"});
        // Submitted is final.
        QVERIFY_THROWS_EXCEPTION(ReviewError, saveOwnAnnotation(*store, frame.id, structureId, maskB, alice));
        QVERIFY_THROWS_EXCEPTION(ReviewError, submitAnnotation(*store, frame.id, structureId, alice));
        QVERIFY(store->annotation(frame.id, structureId, "alice")->rle == maskA);
        submitAnnotation(*store, frame.id, structureId, bob);
        // Alice has submitted: she now sees Bob's submitted annotation; Carol (draft) still only hers.
        QCOMPARE(namesOf(visibleAnnotations(*store, frame.id, structureId, alice)), (QStringList{"alice", "bob"}));
        QCOMPARE(namesOf(visibleAnnotations(*store, frame.id, structureId, carol)), QStringList{"carol"});
        // Two of three submitted: no reference yet.
        QVERIFY_THROWS_EXCEPTION(ReviewError,
                                 useAsReference(*store, frame.id, structureId, MergeMethod::Majority, rita));
        submitAnnotation(*store, frame.id, structureId, carol);

        const ConsensusCandidate majority =
            consensusCandidate(*store, frame.id, structureId, MergeMethod::Majority, rita);
        QCOMPARE(namesOf(majority.annotations), (QStringList{"alice", "bob", "carol"}));
        QCOMPARE(majority.pairDice[0][1], 0.8);
        QCOMPARE(majority.pairDice[0][2], 0.5);
        QCOMPARE(majority.pairDice[1][2], 0.4);
        QCOMPARE(majority.pairDice[2][1], 0.4);
        QVERIFY(majority.merged == maskA);
        const ConsensusCandidate stapled = consensusCandidate(*store, frame.id, structureId, MergeMethod::Staple, rita);
        QVERIFY(stapled.merged == staple({maskA, maskB, maskC}).mask);

        // Annotators cannot set the reference; the reviewer can.
        QVERIFY_THROWS_EXCEPTION(ReviewError,
                                 useAsReference(*store, frame.id, structureId, MergeMethod::Majority, alice));
        const Mask reference = useAsReference(*store, frame.id, structureId, MergeMethod::Majority, rita);
        QCOMPARE(reference.id, demoReference.id); // the frame's one reference mask, a new version
        QCOMPARE(reference.version, demoReference.version + 1);
        QVERIFY(reference.rle == maskA);
        QCOMPARE(reference.origin.kind, MaskOriginKind::Merged);
        QCOMPARE(reference.origin.model, QStringLiteral("majority"));
        QCOMPARE(reviewState(*store, reference.id), ReviewState::Submitted);
        // The reviewer edits the candidate (one more row, y 30, x 10-29: 420 px) and approves it.
        const RleMask edited = unite({maskA, box(64, 64, 10, 30, 29, 30)});
        store->saveMask(frame.id, structureId, edited, rita.name);
        approveMask(*store, reference.id, rita);
        QCOMPARE(reviewState(*store, reference.id), ReviewState::Approved);

        // Only the reference mask is exported: one COCO annotation per reference mask, with its pixels.
        const QString json = m_tmp.filePath(QStringLiteral("export%1/coco.json").arg(m_projects));
        QDir().mkpath(QFileInfo(json).absolutePath());
        int referenceMasks = 0;
        for (const Frame &f : store->frames())
            referenceMasks += int(store->masksForFrame(f.id).size());
        const CocoExportResult exported = exportCoco(*store, json);
        QCOMPARE(exported.annotations, referenceMasks);
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray annotations = QJsonDocument::fromJson(file.readAll()).object()["annotations"].toArray();
        int ofThisMask = 0;
        const QString key = store->structure(structureId)->key;
        for (const QJsonValue &a : annotations) {
            const QJsonObject o = a.toObject();
            if (o["image_id"].toInteger() != frame.id)
                continue;
            const QJsonObject seg = o["segmentation"].toObject();
            const RleMask rle = RleMask::fromCocoString(seg["counts"].toString().toUtf8(), 64, 64);
            if (rle == edited)
                ++ofThisMask;
            QVERIFY(rle != maskB && rle != maskC);
        }
        QCOMPARE(ofThisMask, 1);

        // Agreement: pairwise as above; against the approved reference (420 px):
        // A: 2*400/820, B (contains it): 2*420/1020, C: 2*200/820.
        const AgreementReport report = agreementReport(*store);
        QCOMPARE(report.submittedAnnotations, 3);
        QCOMPARE(report.framesWithAnnotations, 1);
        QCOMPARE(report.annotators, (QStringList{"alice", "bob", "carol"}));
        QCOMPARE(findRow(report, AgreementKind::Pairwise, "alice", "bob")->meanDice, 0.8);
        QCOMPARE(findRow(report, AgreementKind::Pairwise, "alice", "carol")->meanDice, 0.5);
        QCOMPARE(findRow(report, AgreementKind::Pairwise, "bob", "carol")->count, 1);
        QVERIFY(qAbs(findRow(report, AgreementKind::Reference, "alice")->meanDice - 800.0 / 820) < 1e-12);
        QVERIFY(qAbs(findRow(report, AgreementKind::Reference, "bob")->meanDice - 840.0 / 1020) < 1e-12);
        QVERIFY(qAbs(findRow(report, AgreementKind::Reference, "carol")->meanDice - 400.0 / 820) < 1e-12);
        QCOMPARE(report.rows.size(), size_t(6));
        const QStringList csv = agreementCsv(report).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(csv.front(), QStringLiteral("kind,structure,annotator,other_annotator,frames,mean_dice,min_dice,max_dice"));
        QVERIFY(csv.contains(QStringLiteral("pairwise,%1,alice,bob,1,0.8000,0.8000,0.8000").arg(key)));
        QVERIFY(csv.contains(QStringLiteral("reference,%1,bob,,1,0.8235,0.8235,0.8235").arg(key)));
    }

    void honeypotsAreSeededAndScored()
    {
        auto store = demoProject(6);
        const std::vector<qint64> approved = approvedFrames(*store);
        QCOMPARE(approved.size(), size_t(6)); // the demo's masks are all approved
        QVERIFY_THROWS_EXCEPTION(ReviewError, markHoneypots(*store, 0, 1, "lead"));
        QVERIFY_THROWS_EXCEPTION(ReviewError, markHoneypots(*store, 1.5, 1, "lead"));
        // 0.34 of 6 = 2.04 -> 2 frames; the same seed on an identical project picks the same frames.
        const HoneypotSelection first = markHoneypots(*store, 0.34, 7, "lead");
        QCOMPARE(first.target, 2);
        QCOMPARE(first.newlyMarked.size(), size_t(2));
        QCOMPARE(store->honeypotFrames(), first.newlyMarked);
        auto twin = demoProject(6);
        QCOMPARE(markHoneypots(*twin, 0.34, 7, "lead").newlyMarked, first.newlyMarked);
        // Asking again for the same share marks nothing new.
        QVERIFY(markHoneypots(*store, 0.34, 99, "lead").newlyMarked.empty());

        // N = 1, but on a honeypot frame annotators work independently and never see the reference.
        const qint64 honeypot = first.newlyMarked.front();
        const qint64 ordinary = approved.front() == honeypot ? approved[1] : approved.front();
        const UserIdentity alice = annotator("alice"), bob = annotator("bob");
        QVERIFY(annotatesIndependently(*store, honeypot, alice));
        QVERIFY(!annotatesIndependently(*store, ordinary, alice));
        QVERIFY_THROWS_EXCEPTION(ReviewError,
                                 useAsReference(*store, honeypot, 1, MergeMethod::Staple, reviewer("rita")));

        const Mask reference = store->masksForFrame(honeypot).front();
        const double r = double(reference.rle.area());
        QVERIFY(r > 0);
        // Alice copies the reference exactly (Dice 1); Bob marks the whole 64x64 frame:
        // Dice = 2R / (R + 4096).
        saveOwnAnnotation(*store, honeypot, reference.structureId, reference.rle, alice);
        saveOwnAnnotation(*store, honeypot, reference.structureId, box(64, 64, 0, 0, 63, 63), bob);
        QVERIFY(store->honeypotResults().empty()); // drafts are not scored
        submitAnnotation(*store, honeypot, reference.structureId, alice);
        submitAnnotation(*store, honeypot, reference.structureId, bob);
        const std::vector<HoneypotResult> results = store->honeypotResults();
        QCOMPARE(results.size(), size_t(2));
        QCOMPARE(results[0].annotator, QStringLiteral("alice"));
        QCOMPARE(results[0].dice, 1.0);
        QCOMPARE(results[0].referenceVersion, reference.version);
        QVERIFY(qAbs(results[1].dice - 2 * r / (r + 4096)) < 1e-12);

        const AgreementReport report = agreementReport(*store);
        QCOMPARE(report.honeypotFrames, 2);
        QCOMPARE(report.honeypotResults, 2);
        QCOMPARE(findRow(report, AgreementKind::Honeypot, "alice")->meanDice, 1.0);
        QVERIFY(qAbs(findRow(report, AgreementKind::Honeypot, "bob")->meanDice - 2 * r / (r + 4096)) < 1e-12);
        QVERIFY(qAbs(findRow(report, AgreementKind::Pairwise, "alice", "bob")->meanDice - 2 * r / (r + 4096)) < 1e-12);
        // Honeypot frames are not counted again as "reference" rows.
        QVERIFY(!findRow(report, AgreementKind::Reference, "alice"));
    }

    void migratesFromSchema9WithOneAnnotationPerFrame()
    {
        const QString folder = m_tmp.filePath(QStringLiteral("v9"));
        QVERIFY(QDir().mkpath(folder));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v9"));
            db.setDatabaseName(folder + QStringLiteral("/project.sqlite"));
            QVERIFY(db.open());
            schema::migrate(db, 10); // the schema before independent annotations
            QSqlQuery q(db);
            QVERIFY(q.exec("INSERT INTO settings (key, value) VALUES ('name', 'v9 project')"));
            QVERIFY(q.exec("INSERT INTO frames (id, content_hash, width, height, media_path, created_at) "
                           "VALUES (1, 'h', 8, 6, 'media/1.png', '2025-01-01T00:00:00.000Z')"));
            const QString json = QString::fromUtf8(box(6, 8, 0, 0, 3, 3).toJson());
            QVERIFY(q.exec(QStringLiteral("INSERT INTO masks (id, frame_id, structure_id, rle_json, author, version, "
                                          "updated_at) VALUES (1, 1, 1, '%1', 'alice', 1, '2025-01-01T00:00:00.000Z')")
                               .arg(json)));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v9"));
        auto store = ProjectStore::open(folder);
        QCOMPARE(store->schemaVersion(), ProjectStore::latestSchemaVersion());
        QCOMPARE(store->setting(QLatin1String(kIndependentAnnotationsSetting)), QStringLiteral("1"));
        QCOMPARE(independentAnnotations(*store), 1);
        // Today's workflow: annotators edit the one mask; nothing is a honeypot.
        QVERIFY(!annotatesIndependently(*store, 1, annotator("bob")));
        QVERIFY(store->honeypotFrames().empty());
        QVERIFY(store->mask(1, 1)->rle == box(6, 8, 0, 0, 3, 3));
        // The new tables work.
        setIndependentAnnotations(*store, 2);
        const Annotation a = saveOwnAnnotation(*store, 1, 1, box(6, 8, 1, 1, 2, 2), annotator("bob"));
        QCOMPARE(a.version, 1);
        QCOMPARE(a.state, AnnotationState::Draft);
        QVERIFY(!a.submittedAt.isValid());
        QVERIFY_THROWS_EXCEPTION(StoreError, store->saveAnnotation(1, 1, "bob", box(5, 8, 0, 0, 1, 1)));
        QVERIFY(store->integrityOk());
    }

    void agreementAndHoneypotCommands()
    {
        auto store = demoProject(5);
        const QString folder = store->folder();
        store.reset();
        auto run = [](const QStringList &args, QString *output = nullptr) {
            QProcess p;
            p.setProcessChannelMode(QProcess::MergedChannels);
            p.start(QStringLiteral(SURGDISTILL_EXE), args);
            p.waitForFinished(60000);
            if (output)
                *output = QString::fromUtf8(p.readAll());
            return p.exitCode();
        };
        QString out;
        QCOMPARE(run({"review", "honeypots", "--project", folder, "--share", "2"}, &out), 1);
        QVERIFY2(out.contains("share"), qPrintable(out));
        QCOMPARE(run({"review", "honeypots", "--project", folder, "--share", "0.4", "--seed", "5"}, &out), 0);
        store = ProjectStore::open(folder);
        QCOMPARE(store->honeypotFrames().size(), size_t(2));
        const std::vector<qint64> honeypots = store->honeypotFrames();
        const Mask reference = store->masksForFrame(honeypots.front()).front();
        saveOwnAnnotation(*store, honeypots.front(), reference.structureId, reference.rle, annotator("alice"));
        submitAnnotation(*store, honeypots.front(), reference.structureId, annotator("alice"));
        store.reset();

        const QString outDir = m_tmp.filePath(QStringLiteral("agreement"));
        QCOMPARE(run({"review", "agreement", "--project", folder, "--out", outDir}, &out), 0);
        QFile csv(outDir + "/agreement.csv");
        QVERIFY2(csv.open(QIODevice::ReadOnly), qPrintable(out));
        const QStringList lines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines[1].startsWith("honeypot,") && lines[1].contains(",alice,,1,1.0000,"));
        QFile pdf(outDir + "/agreement.pdf");
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
        // A missing project writes nothing.
        QCOMPARE(run({"review", "agreement", "--project", folder + "-missing", "--out", outDir + "2"}, &out), 1);
        QVERIFY(!QFileInfo::exists(outDir + "2/agreement.csv"));
    }
};

QTEST_GUILESS_MAIN(TestConsensus)
#include "tst_consensus.moc"
