// The segmentation model end to end on a small real project (red discs on noise,
// 64x48 frames; "disc" masks approved on 14 frames, 6 frames unannotated):
// `surgdistill seg train` records a seg run whose model becomes the project's
// current one, `seg suggest` ranks the unannotated frames and the frame list shows
// them in that order, Ask offers a model proposal for a structure without a mask
// and keeps it only on request, the Model menu's prediction writes model drafts,
// and unusable models (damaged, other structures) are refused with nothing written.
#include "seg/seg_trainer.h"

#include "assist/segproject.h"
#include "frames/framelistmodel.h"
#include "imageio.h"
#include "model/askview.h"
#include "model/segmodelactions.h"
#include "model/trainingdashboard.h"
#include "model/tutorview.h"
#include "reviewworkflow.h"
#include "store/projectstore.h"
#include "testsupport.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgproc.hpp>

#include <random>

using namespace sd;
using namespace sd::ui;

namespace {

constexpr int kW = 64, kH = 48, kAnnotated = 14, kFrames = 20;

struct Run {
    int exitCode = -1;
    QString out, err;
};

Run runCli(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(SURGDISTILL_EXE), args);
    p.waitForFinished(-1); // a loaded machine trains slowly; ctest's timeout bounds it
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

int masksIn(const ProjectStore &store)
{
    int n = 0;
    for (const Frame &f : store.frames())
        n += int(store.masksForFrame(f.id).size());
    return n;
}

} // namespace

class TestSegModelUi : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_folder;
    std::unique_ptr<ProjectStore> m_store;
    qint64 m_disc = 0;
    std::vector<qint64> m_unannotated;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_tmp.isValid());
        m_folder = m_tmp.filePath(QStringLiteral("p"));
        m_store = ProjectStore::create(m_folder, QStringLiteral("Seg test"));
        m_disc = m_store->structures().front().id;
        std::mt19937 rng(5);
        for (int i = 0; i < kFrames; ++i) {
            cv::Mat img(kH, kW, CV_8UC3);
            cv::randu(img, cv::Scalar(40, 40, 40), cv::Scalar(110, 110, 110));
            cv::Mat mask(kH, kW, CV_8UC1, cv::Scalar(0));
            const cv::Point c(12 + int(rng() % 40), 10 + int(rng() % 28));
            const int r = 6 + int(rng() % 5);
            cv::circle(img, c, r, cv::Scalar(40, 40, 220), cv::FILLED);
            cv::circle(mask, c, r, cv::Scalar(255), cv::FILLED);
            const QString rel = QStringLiteral("media/f%1.png").arg(i);
            saveImagePng(m_store->absolutePath(rel), img);
            Frame f;
            f.contentHash = contentHash(img);
            f.width = kW;
            f.height = kH;
            f.mediaPath = rel;
            m_store->addFrame(f);
            if (i >= kAnnotated) {
                m_unannotated.push_back(f.id);
                continue;
            }
            const Mask m = m_store->saveMask(f.id, m_disc, RleMask::encode(mask), QStringLiteral("alice"));
            Review approve;
            approve.maskId = m.id;
            approve.state = ReviewState::Approved;
            approve.reviewer = QStringLiteral("carol");
            approve.maskVersion = m.version;
            m_store->addReview(approve);
        }
    }

    void trainRecordsTheProjectsModel()
    {
        QVERIFY(currentSegModelFolder(*m_store).isEmpty());
        const QString runDir = m_tmp.filePath(QStringLiteral("run"));
        const Run r = runCli({QStringLiteral("seg"), QStringLiteral("train"), QStringLiteral("--project"), m_folder,
                              QStringLiteral("--out"), runDir, QStringLiteral("--steps"), QStringLiteral("100"),
                              QStringLiteral("--width"), QStringLiteral("64"), QStringLiteral("--height"),
                              QStringLiteral("48"), QStringLiteral("--threads"), QStringLiteral("2")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString progress = QString::fromUtf8(sd::testsupport::readFile(runDir + "/progress.jsonl"));
        QCOMPARE(progress.count(QStringLiteral("\"event\":\"step\"")), 100);
        QVERIFY(progress.contains(QStringLiteral("\"event\":\"finished\"")));
        m_store = ProjectStore::open(m_folder); // the job wrote the run
        QCOMPARE(currentSegModelFolder(*m_store), QDir::cleanPath(runDir + "/model"));
        const auto runs = m_store->trainingRuns();
        QCOMPARE(int(runs.size()), 1);
        QCOMPARE(runs.front().kind, QString(kSegRunKind));
        QCOMPARE(runs.front().status, RunStatus::Finished);
        QVERIFY(!m_store->checkpoints(runs.front().id).empty());
    }

    void suggestRanksUnannotatedFrames()
    {
        const Run r = runCli({QStringLiteral("seg"), QStringLiteral("suggest"), QStringLiteral("--project"), m_folder,
                              QStringLiteral("--k"), QStringLiteral("3")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        m_store = ProjectStore::open(m_folder);
        const auto suggested = segSuggestions(*m_store);
        QCOMPARE(int(suggested.size()), 3);
        std::vector<qint64> ids;
        for (const auto &s : suggested) {
            QVERIFY(std::count(m_unannotated.begin(), m_unannotated.end(), s.frameId));
            QVERIFY(r.out.contains(QStringLiteral("\t%1\t").arg(s.frameId)));
            ids.push_back(s.frameId);
        }
        // Ordered by uncertainty and unlikeness to the labelled frames, not by uncertainty
        // alone (diverseLabellingOrder, tested in tst_labellingorder); the score kept is the
        // model's uncertainty, a mean binary entropy in bits.
        for (const auto &s : suggested)
            QVERIFY(s.score >= 0 && s.score <= 1);
        FrameListModel list;
        list.setProject(m_store.get());
        QCOMPARE(list.rowCount(), kFrames);
        list.setOrder(ids);
        QCOMPARE(list.rowCount(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(list.frameIdAt(i), ids[size_t(i)]);
    }

    void askProposesAMaskAndKeepsItOnlyOnRequest()
    {
        AskView ask;
        ask.setProject(m_store.get());
        QVERIFY(ask.setFrame(m_unannotated.front()));
        auto *structures = ask.findChild<QComboBox *>(QStringLiteral("askStructureCombo"));
        QVERIFY(structures);
        QVERIFY(!ask.setStructure(999)); // no such structure entry
        int proposal = -1;
        for (int i = 0; i < structures->count(); ++i)
            if (structures->itemData(i).toLongLong() == m_disc)
                proposal = i;
        QVERIFY(proposal >= 0);
        QVERIFY(structures->itemText(proposal).contains(QStringLiteral("model proposal")));
        structures->setCurrentIndex(proposal);
        QVERIFY2(ask.showsModelProposal(), qPrintable(ask.statusText()));
        QVERIFY(ask.statusText().contains(QStringLiteral("Model-proposed")));
        QVERIFY(!ask.overlayImage().isNull());
        QVERIFY(!m_store->mask(m_unannotated.front(), m_disc)); // shown, not written
        auto *keep = ask.findChild<QPushButton *>(QStringLiteral("keepProposalButton"));
        QVERIFY(keep && keep->isEnabled());
        keep->click();
        const auto kept = m_store->mask(m_unannotated.front(), m_disc);
        QVERIFY(kept);
        QCOMPARE(kept->origin.kind, MaskOriginKind::Model);
        QCOMPARE(reviewState(*m_store, kept->id), ReviewState::Draft);
        QVERIFY(!ask.showsModelProposal()); // now the frame's own (draft) mask
    }

    void tutorShowsTheModelsProposalMarked()
    {
        TutorView tutor;
        tutor.setProject(m_store.get());
        const qint64 frame = m_unannotated[1];
        QVERIFY2(tutor.setCase(frame, m_disc), qPrintable(tutor.statusText()));
        QVERIFY(tutor.statusText().contains(QStringLiteral("proposed by the segmentation model")));
        QVERIFY(!m_store->mask(frame, m_disc)); // practising writes nothing
        QVERIFY(tutor.setCase(m_store->frames().front().id, m_disc)); // an approved mask: no mark
        QVERIFY(!tutor.statusText().contains(QStringLiteral("segmentation model")));
    }

    void modelMenuPredictsDrafts()
    {
        QWidget window;
        QMenu menu;
        TrainingDashboard dashboard;
        ProjectStore *store = m_store.get();
        SegModelActions actions(&window, &menu, &dashboard, [store] { return store; });
        QVERIFY(menu.findChild<QAction *>(QStringLiteral("segPredictAction")));
        const int before = masksIn(*m_store);
        const int written = actions.predictDrafts(*m_store);
        QVERIFY2(written > 0, qPrintable(QString::number(written)));
        QCOMPARE(masksIn(*m_store), before + written);
        for (qint64 id : m_unannotated)
            if (const auto m = m_store->mask(id, m_disc))
                QCOMPARE(m->origin.kind, MaskOriginKind::Model);
        QCOMPARE(actions.predictDrafts(*m_store), 0); // nothing left without a mask: nothing overwritten
    }

    void unusableModelsWriteNothing()
    {
        const int before = masksIn(*m_store);
        // A damaged copy of the model.
        const QString damaged = m_tmp.filePath(QStringLiteral("damaged"));
        QDir().mkpath(damaged);
        QVERIFY(QFile::copy(currentSegModelFolder(*m_store) + "/config.json", damaged + "/config.json"));
        sd::testsupport::writeFile(damaged + "/model.safetensors", QByteArray("not weights"));
        Run r = runCli({QStringLiteral("seg"), QStringLiteral("predict"), QStringLiteral("--project"), m_folder,
                        QStringLiteral("--model"), damaged});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("missing or damaged")), qPrintable(r.err));
        // A model of structures this project does not have.
        sd::seg::SegTrainOptions o;
        o.runDir = m_tmp.filePath(QStringLiteral("liver")).toStdString();
        o.structures = {"liver"};
        o.inputWidth = 32;
        o.inputHeight = 32;
        o.baseChannels = 4;
        o.steps = 2;
        const auto liver = sd::seg::trainSegModel(o, 1, [](size_t) {
            sd::seg::SegTrainSample s;
            s.image.width = s.image.height = 32;
            s.image.pixels.assign(32 * 32 * 3, 90);
            s.masks["liver"] = {};
            return s;
        });
        r = runCli({QStringLiteral("seg"), QStringLiteral("predict"), QStringLiteral("--project"), m_folder,
                    QStringLiteral("--model"), QString::fromStdString(liver.modelDir)});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("structures this project does not have")), qPrintable(r.err));
        r = runCli({QStringLiteral("seg"), QStringLiteral("predict"), QStringLiteral("--project"), m_folder,
                    QStringLiteral("--frames"), QStringLiteral("99999")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("no frame")));
        m_store = ProjectStore::open(m_folder);
        QCOMPARE(masksIn(*m_store), before);
    }
};

QTEST_MAIN(TestSegModelUi)
#include "tst_segmodelui.moc"
