// One feature, one implementation: every screen and command that shows or
// feeds "frame + structure mask as the model sees it" produces the same bytes
// at the project's overlay opacity, and every record of who did something
// (mask versions, the audit log, saved answers) carries the same user name.
// Engine header first: libtorch before any Qt header.
#include "vlm_session.h"

#include "annotation/annotationeditor.h"
#include "annotation/frameview.h"
#include "annotation/maskautosaver.h"
#include "annotation/structurepanel.h"
#include "currentuser.h"
#include "dataset/datasetexport.h"
#include "demo/demoproject.h"
#include "eval/heldoutitems.h"
#include "frames/framelistmodel.h"
#include "imageio.h"
#include "model/askview.h"
#include "overlay.h"
#include "store/projectstore.h"
#include "teacher/answerreviewdialog.h"
#include "teacher/privacyfirewall.h"
#include "teacher/teacherbatch.h"
#include "teacher/teacherprovider.h"
#include "testsupport.h"
#include "trainingoverlay.h"
#include "widgets/fittedimage.h"
#include "widgets/imageconvert.h"
#include "workspace/mainwindow.h"

#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace sd;
using namespace sd::ui;

namespace {
QImage rgb(const QImage &image)
{
    return image.convertToFormat(QImage::Format_RGB888);
}

QByteArray bytes(const QImage &image)
{
    const QImage i = rgb(image);
    QByteArray out;
    for (int y = 0; y < i.height(); ++y)
        out.append(reinterpret_cast<const char *>(i.constScanLine(y)), i.width() * 3);
    return out;
}
} // namespace

class TestSameEverywhere : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_project;
    qint64 m_answerId = 0;
    qint64 m_frameId = 0;
    qint64 m_structureId = 0;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY(m_tmp.isValid());
        DemoOptions o;
        o.frames = 4;
        o.width = 160;
        o.height = 128;
        o.seed = 5;
        m_project = createDemoProject(m_tmp.filePath("demo"), o).folder;
        auto store = ProjectStore::open(m_project);
        PrivacyFirewall fw(*store, QStringLiteral("tester"));
        const auto offline = makeProvider({});
        TeacherBatch batch(fw, *offline);
        QSignalSpy done(&batch, &TeacherBatch::finished);
        batch.start();
        QVERIFY(!done.isEmpty() || done.wait(60000));
        QVERIFY(batch.counters().done > 0);

        // One accepted answer on a test frame: it is exported, evaluated and reviewed.
        const TeacherAnswer answer = store->teacherAnswers(store->teacherRequests().front().id).front();
        const TeacherRequest request = *store->teacherRequest(answer.requestId);
        m_answerId = answer.id;
        m_frameId = request.frameId;
        m_structureId = request.structureId;
        AnswerReview review;
        review.answerId = answer.id;
        review.decision = AnswerDecision::Accepted;
        review.reviewer = QStringLiteral("tester");
        store->addAnswerReview(review);
        Frame frame = *store->frame(m_frameId);
        frame.split = QStringLiteral("test");
        store->updateFrame(frame);
        store->setSetting(QLatin1String(TrainingOverlay::settingKey()), QStringLiteral("0.45"));
    }

    void overlayIsIdenticalEverywhere()
    {
        auto store = ProjectStore::open(m_project);
        const cv::Mat frameBgr = loadImage(store->absolutePath(store->frame(m_frameId)->mediaPath));
        const cv::Mat mask = store->mask(m_frameId, m_structureId)->rle.decode();
        const QImage expected = matToQImage(composeOverlay(frameBgr, mask, 0.45));
        // The setting matters: the default opacity gives another picture.
        QVERIFY(bytes(expected) != bytes(matToQImage(composeOverlay(frameBgr, mask))));

        // 1. The exported data set's image of this (frame, structure).
        const QString out = m_tmp.filePath("export");
        DatasetExportOptions options;
        options.split = QStringLiteral("test");
        const DatasetExportSummary summary = exportSftJsonl(*store, out, options);
        const QString key = store->structure(m_structureId)->key;
        QString exported;
        std::ifstream lines(summary.jsonlPath.toStdString());
        for (std::string line; std::getline(lines, line);) {
            const nlohmann::json j = nlohmann::json::parse(line);
            if (j["meta"]["frame_id"] == m_frameId && j["meta"]["structure"] == key.toStdString())
                exported = QDir(out).filePath(QString::fromStdString(j["images"][0]));
        }
        QVERIFY(!exported.isEmpty());
        QCOMPARE(bytes(matToQImage(loadImage(exported))), bytes(expected));

        // 2. The teacher answer review dialog's picture.
        AnswerReviewDialog review(*store);
        review.setShowAll(true);
        QVERIFY(review.selectAnswer(m_answerId));
        QCOMPARE(bytes(review.findChild<FittedImage *>(QStringLiteral("answerOverlay"))->image()), bytes(expected));

        // 3. The Ask view's picture (what the local model is asked about).
        AskView ask;
        ask.setProject(store.get());
        QVERIFY(ask.setFrame(m_frameId));
        QVERIFY(ask.setStructure(m_structureId));
        QCOMPARE(bytes(ask.overlayImage()), bytes(expected));

        // 4. The evaluation's model input for this held-out item.
        const eval::HeldOutItems held = eval::heldOutItems(*store);
        const auto item = std::find_if(held.items.begin(), held.items.end(), [&](const eval::EvalItem &i) {
            return i.frame.id == m_frameId && i.structure.id == m_structureId;
        });
        QVERIFY(item != held.items.end());
        QCOMPARE(bytes(matToQImage(eval::itemImage(*store, TrainingOverlay(*store), *item))), bytes(expected));

        // 5. The workspace's training composite.
        MainWindow w(store.get());
        QVERIFY(w.selectFrame(m_frameId));
        w.structurePanel()->setCurrentStructure(m_structureId);
        w.setTrainingComposite(true);
        QCOMPARE(bytes(w.frameView()->compositeImage()), bytes(expected));
    }

    void oneUserNameEverywhere()
    {
        if (!QFileInfo::exists(sd::testsupport::fixtureDir() + QStringLiteral("/model/config.json")))
            QSKIP("../shared/fixtures/qwen2_5_vl_tiny is absent: no local model to save an answer from");
        auto store = ProjectStore::open(m_project);
        MainWindow w(store.get());
        AskView ask;
        ask.setProject(store.get());
        ask.setModelDir(sd::testsupport::fixtureDir() + QStringLiteral("/model"));
        ask.setMaxNewTokens(2);
        const QPointF corners[] = {{8, 8}, {150, 118}}; // a fresh place per user, so each stroke changes the mask
        const QString names[] = {QStringLiteral("Dr. Anna Weber"), QStringLiteral("Jonas Keller")};
        for (int i = 0; i < 2; ++i) {
            const QString name = names[i];
            UserIdentity user = w.user();
            user.name = name;
            w.setUser(user); // what Edit ▸ User… does
            QCOMPARE(currentUserName(), name);

            // A mask version drawn in the workspace.
            QVERIFY(w.selectFrame(m_frameId));
            w.structurePanel()->setCurrentStructure(m_structureId);
            w.editor()->setTool(AnnotationEditor::Tool::Brush);
            FrameView *view = w.frameView();
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            view->fitToWindow();
            const int versionBefore = store->mask(m_frameId, m_structureId)->version;
            const QPoint c = view->mapFromScene(corners[i]);
            QTest::mousePress(view->viewport(), Qt::LeftButton, {}, c);
            QTest::mouseMove(view->viewport(), c + QPoint(4, 2));
            QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, c + QPoint(4, 2));
            QVERIFY(w.autosaver()->flush());
            QVERIFY(store->mask(m_frameId, m_structureId)->version > versionBefore);
            QCOMPARE(store->mask(m_frameId, m_structureId)->author, name);

            // An audit row (a policy change goes through the privacy firewall).
            PrivacyFirewall(*store).allowHost(QStringLiteral("teacher-%1.example.org").arg(name.size()));
            QCOMPARE(store->auditLog().back().user, name);

            // A saved answer of the local model.
            QVERIFY(ask.setFrame(m_frameId));
            QVERIFY(ask.setStructure(m_structureId));
            QSignalSpy finished(&ask, &AskView::generationFinished);
            QVERIFY(ask.ask());
            QVERIFY(finished.wait(120000));
            QVERIFY(ask.saveAnswer() > 0);
            QCOMPARE(store->savedAnswers().back().author, name);
        }
        w.close();
    }
};

QTEST_MAIN(TestSameEverywhere)
#include "tst_sameeverywhere.moc"
