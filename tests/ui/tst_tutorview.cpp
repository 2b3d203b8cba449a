// The resident tutor on a demo project: grading against the approved expert
// answer, attempts and progress per resident, and the model's explanation with
// a follow-up question as a multi-turn conversation with the real tiny model.
#include "model/customplot.h"
#include "demo/demoproject.h"
#include "store/projectstore.h"
#include "testsupport.h"
#include "model/tutorview.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace sd;
using namespace sd::ui;

class TestTutorView : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::unique_ptr<ProjectStore> m_store;
    Frame m_frame;
    Structure m_imv;
    qint64 m_otherFrame = 0, m_otherStructure = 0;

    void approveExpertAnswer(qint64 frameId, qint64 structureId, const QString &text)
    {
        TeacherRequest r;
        r.frameId = frameId;
        r.structureId = structureId;
        r.provider = QStringLiteral("offline");
        r.payload = "{}";
        m_store->addTeacherRequest(r);
        TeacherAnswer a;
        a.requestId = r.id;
        a.text = text;
        m_store->addTeacherAnswer(a);
        AnswerReview review;
        review.answerId = a.id;
        review.decision = AnswerDecision::Accepted;
        review.reviewer = QStringLiteral("dr-a");
        m_store->addAnswerReview(review);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY(m_tmp.isValid());
        DemoOptions o;
        o.frames = 12;
        o.seed = 2;
        o.width = 320;
        o.height = 256;
        createDemoProject(m_tmp.filePath("p"), o);
        m_store = ProjectStore::open(m_tmp.filePath("p"));
        m_imv = *m_store->structureByKey("vena_mesenterica_inferior");
        // A left-sided frame with an IMV mask (the demo draws the IMV in left-sided frames).
        for (const Frame &f : m_store->frames()) {
            for (const Mask &m : m_store->masksForFrame(f.id)) {
                if (m.structureId == m_imv.id && f.side == Side::Left && !m_frame.id)
                    m_frame = f;
                else if (m.structureId != m_imv.id && !m_otherFrame) {
                    m_otherFrame = f.id;
                    m_otherStructure = m.structureId;
                }
            }
        }
        QVERIFY2(m_frame.id, "the demo project has no left-sided IMV frame");
        QVERIFY(m_otherFrame);
        approveExpertAnswer(m_frame.id, m_imv.id,
                            "This is the inferior mesenteric vein in a left-sided CME. It is ligated high at the "
                            "inferior border of the pancreas to free the splenic flexure. Ligation there gains length "
                            "for a tension-free anastomosis.");
    }

    void gradesAndTracksProgress()
    {
        TutorView view;
        view.setProject(m_store.get());
        view.setModelDir(QString());
        view.setResident("anna");
        QVERIFY(view.setCase(m_frame.id, m_imv.id));
        QVERIFY(view.hasExpertAnswer());

        view.setAnswer("IMV, left-sided. Ligated high at the lower border of the pancreas to free the splenic "
                       "flexure and gain length for the anastomosis.");
        QVERIFY(view.submit());
        QVERIFY(view.lastGrade()->identificationCorrect());
        QCOMPARE(view.lastGrade()->keyPointsFound(), 2);
        QVERIFY(view.resultText().contains("Key points found: 2 of 2"));
        QVERIFY(view.statusText().contains("model folder")); // no model chosen: says so

        view.setAnswer("The inferior mesenteric vein of a right hemicolectomy.");
        QVERIFY(view.submit());
        QVERIFY(view.lastGrade()->structureCorrect);
        QVERIFY(!view.lastGrade()->sideCorrect);
        QVERIFY(view.resultText().contains("Wrong side"));

        const auto attempts = m_store->tutorAttempts("anna");
        QCOMPARE(attempts.size(), size_t(2));
        QCOMPARE(attempts[0].pointsFound, 2);
        QVERIFY(!attempts[1].sideCorrect);
        QTableWidget *table = view.progressTable();
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("2"));
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("50 %"));
        QCOMPARE(table->item(0, 5)->text(), QStringLiteral("revisit"));
        QCOMPARE(view.progressPlot()->graphCount(), 1);
        QCOMPARE(view.progressPlot()->graph(0)->data()->size(), 2);

        // Another resident has a progress of their own.
        view.setResident("ben");
        QCOMPARE(view.progressTable()->rowCount(), 0);
        view.setResident("anna");
        QCOMPARE(view.progressTable()->rowCount(), 1);
    }

    void saysWhenNoExpertAnswerExists()
    {
        TutorView view;
        view.setProject(m_store.get());
        view.setModelDir(QString());
        view.setResident("carla");
        QVERIFY(view.setCase(m_otherFrame, m_otherStructure));
        QVERIFY(!view.hasExpertAnswer());
        QVERIFY(view.resultText().contains("No approved expert answer"));
        view.setAnswer("Pancreas, left side");
        QVERIFY(view.submit());
        QVERIFY(!view.lastGrade()->hasExpertAnswer);
        QVERIFY(view.resultText().contains("No approved expert answer"));
        QVERIFY(view.nextCase());
        QVERIFY(view.caseFrameId() != 0);
    }

    void explanationAndFollowUpWithTheModel()
    {
        TutorView view;
        view.setProject(m_store.get());
        view.setResident("anna");
        view.setModelDir(sd::testsupport::fixtureDir() + "/model");
        QVERIFY(view.setCase(m_frame.id, m_imv.id));
        view.setAnswer("IMV, left side");
        QSignalSpy turns(&view, &TutorView::modelTurnFinished);
        QVERIFY(view.submit());
        QVERIFY(view.isGenerating());
        QTRY_COMPARE_WITH_TIMEOUT(turns.size(), 1, 180000);
        QCOMPARE(view.conversation().size(), size_t(2));
        QCOMPARE(view.conversation()[1].role, std::string("assistant"));

        QVERIFY(view.askFollowUp("Why is it ligated at the pancreas?"));
        QTRY_COMPARE_WITH_TIMEOUT(turns.size(), 2, 180000);
        QCOMPARE(view.conversation().size(), size_t(4));
        QCOMPARE(view.conversation()[2].text, std::string("Why is it ligated at the pancreas?"));
        QCOMPARE(view.conversation()[3].role, std::string("assistant"));
        QVERIFY(!view.askFollowUp("   ")); // empty questions are not sent
    }
};

QTEST_MAIN(TestTutorView)
#include "tst_tutorview.moc"
