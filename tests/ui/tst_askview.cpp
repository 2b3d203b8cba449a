// The Ask view with the real tiny Qwen2.5-VL fixture: the model sees the
// training overlay, tokens stream in while the event loop keeps running,
// Stop ends generation early, and answers are saved with model and settings.
// Engine header first: libtorch before any Qt header.
#include "vlm_session.h"

#include "model/askview.h"
#include "demo/demoproject.h"
#include "widgets/imageconvert.h"
#include "imageio.h"
#include "overlay.h"
#include "store/projectstore.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <opencv2/imgproc.hpp>

using namespace sd;
using namespace sd::ui;

class TestAskView : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::unique_ptr<ProjectStore> m_store;
    qint64 m_frameId = 0;
    Mask m_mask;
    QString m_model;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_tmp.isValid());
        DemoOptions o;
        o.frames = 4;
        o.seed = 3;
        o.width = 320;
        o.height = 256;
        createDemoProject(m_tmp.filePath("p"), o);
        m_store = ProjectStore::open(m_tmp.filePath("p"));
        for (const Frame &f : m_store->frames()) {
            const auto masks = m_store->masksForFrame(f.id);
            if (!masks.empty()) {
                m_frameId = f.id;
                m_mask = masks.front();
                break;
            }
        }
        QVERIFY(m_frameId);
        m_model = sd::testsupport::fixtureDir() + "/model";
    }

    void overlayIsTheTrainingComposite()
    {
        AskView view;
        view.setProject(m_store.get());
        QVERIFY(view.setFrame(m_frameId));
        QVERIFY(view.setStructure(m_mask.structureId));
        const cv::Mat frame = loadImage(m_store->absolutePath(m_store->frame(m_frameId)->mediaPath));
        const QImage expected = matToQImage(composeOverlay(frame, m_mask.rle.decode()));
        QCOMPARE(view.overlayImage(), expected);
    }

    void streamsWhileTheEventLoopRunsAndStops()
    {
        AskView view;
        view.setProject(m_store.get());
        view.setFrame(m_frameId);
        view.setStructure(m_mask.structureId);
        view.setModelDir(m_model);
        view.setMaxNewTokens(4096); // far more than arrives before Stop
        int chunks = 0, ticksWhileGenerating = 0;
        connect(&view, &AskView::answerChunk, this, [&] { ++chunks; });
        QTimer ticker;
        ticker.setInterval(0);
        connect(&ticker, &QTimer::timeout, this, [&] { ticksWhileGenerating += view.isGenerating() ? 1 : 0; });
        ticker.start();
        QSignalSpy finished(&view, &AskView::generationFinished);

        QVERIFY(view.ask());
        QVERIFY(view.isGenerating()); // ask() returned while the model is still working
        QTRY_VERIFY_WITH_TIMEOUT(chunks >= 5, 120000);
        QVERIFY(ticksWhileGenerating > 0); // the UI thread kept processing events
        QVERIFY(view.isGenerating());
        view.stop();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QCOMPARE(finished.at(0).at(0).toBool(), true); // cancelled
        QVERIFY(!view.isGenerating());
        QVERIFY(!view.answerText().isEmpty());
        QVERIFY(view.statusText().startsWith("Stopped"));
        // A stopped answer can be kept, and says it was stopped.
        QVERIFY(view.saveAnswer() > 0);
        QCOMPARE(QJsonDocument::fromJson(m_store->savedAnswers().back().settingsJson).object().value("stopped").toBool(),
                 true);
    }

    void answerMatchesTheEngineAndIsSaved()
    {
        AskView view;
        view.setProject(m_store.get());
        view.setFrame(m_frameId);
        view.setStructure(m_mask.structureId);
        view.setModelDir(m_model);
        view.setMaxNewTokens(12);
        const QString question = QStringLiteral("Which structure is highlighted?");
        view.setQuestion(question);
        QSignalSpy finished(&view, &AskView::generationFinished);
        QVERIFY(view.ask());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 120000);
        QCOMPARE(finished.at(0).at(0).toBool(), false);

        // The same question on the same composite, straight through the engine.
        const cv::Mat frame = loadImage(m_store->absolutePath(m_store->frame(m_frameId)->mediaPath));
        const cv::Mat composite = composeOverlay(frame, m_mask.rle.decode());
        const vlm::RgbImage rgb = vlm::rgbImageFromBgr(composite.data, composite.cols, composite.rows, composite.step);
        vlm::AskOptions o;
        o.maxNewTokens = 12;
        const auto direct = vlm::VlmSession::load(m_model.toStdString())->ask(&rgb, question.toStdString(), o);
        QCOMPARE(view.answerText(), QString::fromStdString(direct.text));

        const qint64 id = view.saveAnswer();
        QVERIFY(id > 0);
        const auto saved = m_store->savedAnswers(m_frameId);
        QCOMPARE(saved.back().id, id);
        QCOMPARE(*saved.back().structureId, m_mask.structureId);
        QCOMPARE(saved.back().question, question);
        QCOMPARE(saved.back().answer, view.answerText());
        QCOMPARE(saved.back().model, m_model);
        const QJsonObject settings = QJsonDocument::fromJson(saved.back().settingsJson).object();
        QCOMPARE(settings.value("max_new_tokens").toInt(), 12);
        QCOMPARE(settings.value("stopped").toBool(), false);
        QVERIFY(settings.value("model_description").toString().startsWith("Qwen2.5-VL"));
    }

    void drawnRegion()
    {
        AskView view;
        view.setProject(m_store.get());
        view.setFrame(m_frameId);
        const QRect region(20, 30, 60, 40);
        view.setRegion(region);
        QCOMPARE(view.structureId(), qint64(0));
        const cv::Mat frame = loadImage(m_store->absolutePath(m_store->frame(m_frameId)->mediaPath));
        cv::Mat mask(frame.size(), CV_8UC1, cv::Scalar(0));
        mask(cv::Rect(20, 30, 60, 40)).setTo(255);
        QCOMPARE(view.overlayImage(), matToQImage(composeOverlay(frame, mask)));

        view.setModelDir(m_model);
        view.setMaxNewTokens(3);
        QSignalSpy finished(&view, &AskView::generationFinished);
        QVERIFY(view.ask());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 120000);
        QVERIFY(view.saveAnswer() > 0);
        const SavedAnswer saved = m_store->savedAnswers().back();
        QVERIFY(!saved.structureId);
        QCOMPARE(RleMask::fromJson(saved.regionJson.toUtf8()), RleMask::encode(mask));
    }

    void refusesWithoutModel()
    {
        AskView view;
        view.setProject(m_store.get());
        view.setFrame(m_frameId);
        view.setStructure(m_mask.structureId);
        view.setModelDir(QString());
        QVERIFY(!view.ask());
        QVERIFY(!view.isGenerating());
        view.setModelDir(m_tmp.filePath("no-model"));
        QSignalSpy failed(&view, &AskView::generationFailed);
        QVERIFY(view.ask());
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 30000);
        QVERIFY(failed.at(0).at(0).toString().contains("does not exist"));
        QCOMPARE(view.saveAnswer(), qint64(0));
    }
};

QTEST_MAIN(TestAskView)
#include "tst_askview.moc"
