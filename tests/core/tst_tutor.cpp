// Resident tutor: grading hand-written answers against an expert answer, the
// expert answers the store offers, and progress per structure from attempts.
#include "demo/demoproject.h"
#include "store/projectstore.h"
#include "teacher/answerreview.h"
#include "tutor/answergrading.h"
#include "tutor/structuresynonyms.h"
#include "tutor/tutorprogress.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace sd;
using namespace sd::tutor;

namespace {
const QString kExpert = QStringLiteral(
    "The highlighted structure is the inferior mesenteric vein (IMV) in a left-sided CME. "
    "It runs beside the ligament of Treitz, lateral to the duodenojejunal flexure. "
    "It is ligated centrally at the inferior border of the pancreas. "
    "Central ligation ensures complete removal of the mesocolic lymph nodes.");
} // namespace

class TestTutor : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::unique_ptr<ProjectStore> m_store;
    std::vector<Structure> m_structures;

    Structure byKey(const char *key) const { return *m_store->structureByKey(QString::fromLatin1(key)); }
    TutorGrade grade(const QString &answer, Side side = Side::Left) const
    {
        return gradeAnswer(answer, byKey("vena_mesenterica_inferior"), side, kExpert, m_structures);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        DemoOptions o;
        o.frames = 3;
        o.seed = 5;
        createDemoProject(m_tmp.filePath("p"), o);
        m_store = ProjectStore::open(m_tmp.filePath("p"));
        m_structures = m_store->structures();
    }

    void synonymsNameTheStructure()
    {
        for (const char *answer : {"IMV", "the inferior mesenteric vein", "Vena mesenterica inferior",
                                   "V. mesenterica inferior", "die untere Mesenterialvene", "VENA  MESENTERICA-INFERIOR"}) {
            const auto named = structuresNamedIn(QString::fromUtf8(answer), m_structures);
            QCOMPARE(named.size(), size_t(1));
            QCOMPARE(named[0].key, QStringLiteral("vena_mesenterica_inferior"));
        }
        QCOMPARE(structuresNamedIn(QStringLiteral("Angel's hair"), m_structures)[0].key, QStringLiteral("angels_hair"));
        QCOMPARE(structuresNamedIn(QStringLiteral("Zwölffingerdarm"), m_structures)[0].key, QStringLiteral("duodenum"));
        QCOMPARE(structuresNamedIn(QStringLiteral("Bauchspeicheldrüse"), m_structures)[0].key, QStringLiteral("pancreas"));
        QVERIFY(structuresNamedIn(QStringLiteral("a vein of some kind"), m_structures).empty());
        // Word boundaries: "imv" inside another word is not the abbreviation.
        QVERIFY(structuresNamedIn(QStringLiteral("primvary"), m_structures).empty());
    }

    void expertKeyPoints()
    {
        const auto points = keyPointsOf(kExpert, byKey("vena_mesenterica_inferior"));
        // The naming sentence carries no point of its own; the three others do.
        QCOMPARE(points.size(), size_t(3));
        QVERIFY(points[1].text.startsWith("It is ligated centrally"));
        QVERIFY(points[1].keywords.contains("ligat"));
        QVERIFY(points[1].keywords.contains("pancr"));
        QVERIFY(!points[1].keywords.contains("infer")); // part of the structure's name
    }

    void rightStructureWrongSide()
    {
        const TutorGrade g = grade(QStringLiteral("This is the inferior mesenteric vein in a right CME; it is ligated "
                                                  "centrally at the lower border of the pancreas."));
        QVERIFY(g.structureCorrect);
        QCOMPARE(g.statedSide, Side::Right);
        QVERIFY(!g.sideCorrect);
        QVERIFY(!g.identificationCorrect());
        QVERIFY(g.keyPoints[1].found);
    }

    void wrongStructure()
    {
        const TutorGrade g = grade(QStringLiteral("The duodenum, left side. It must not be injured."));
        QVERIFY(!g.structureCorrect);
        QCOMPARE(g.otherStructuresNamed, QStringList{QStringLiteral("Duodenum")});
        QVERIFY(g.sideCorrect);
        QVERIFY(!g.identificationCorrect());
        QCOMPARE(g.keyPointsFound(), 0);
    }

    void sideMustBeExplicit()
    {
        const TutorGrade none = grade(QStringLiteral("The IMV, ligated centrally."));
        QVERIFY(none.structureCorrect);
        QCOMPARE(none.statedSide, Side::Unknown);
        QVERIFY(!none.sideCorrect);
        const TutorGrade both = grade(QStringLiteral("The IMV, seen in left or right CME."));
        QVERIFY(both.bothSidesStated);
        QVERIFY(!both.sideCorrect);
        // A frame without a known side cannot grade the side.
        QVERIFY(grade(QStringLiteral("The IMV."), Side::Unknown).sideCorrect);
    }

    void paraphraseFindsTheKeyPoints()
    {
        const TutorGrade g = grade(QStringLiteral(
            "IMV, left side. It lies lateral to the Treitz ligament, next to the duodenojejunal flexure. We tie it "
            "off at its root near the lower edge of the pancreas (central ligation), so the whole lymph node basin "
            "of the mesocolon is removed."));
        QVERIFY(g.identificationCorrect());
        QVERIFY(g.hasExpertAnswer);
        QCOMPARE(g.keyPointsFound(), 3);
    }

    void germanAnswer()
    {
        const TutorGrade g = grade(QStringLiteral(
            "Das ist die untere Mesenterialvene (V. mesenterica inferior) bei der linksseitigen CME. Sie wird "
            "zentral am Unterrand des Pankreas ligiert, damit die Lymphknoten des Mesokolons vollständig entfernt "
            "werden."));
        QVERIFY(g.structureCorrect);
        QCOMPARE(g.statedSide, Side::Left);
        QVERIFY(g.sideCorrect);
        QVERIFY(!g.keyPoints[0].found); // Treitz is not mentioned
        QVERIFY(g.keyPoints[1].found);
        QVERIFY(g.keyPoints[2].found);
        // German right side, wrong for a left frame.
        QCOMPARE(grade(QStringLiteral("Vena mesenterica inferior, rechte Seite")).statedSide, Side::Right);
    }

    void noExpertAnswer()
    {
        const TutorGrade g = gradeAnswer(QStringLiteral("IMV left"), byKey("vena_mesenterica_inferior"), Side::Left,
                                         QString(), m_structures);
        QVERIFY(!g.hasExpertAnswer);
        QVERIFY(g.keyPoints.empty());
        QVERIFY(g.identificationCorrect());
    }

    void approvedTeacherAnswersFromTheStore()
    {
        const qint64 frameId = m_store->frames().front().id;
        const qint64 imv = byKey("vena_mesenterica_inferior").id, duo = byKey("duodenum").id;
        auto answer = [&](qint64 structureId, const QString &text, const std::vector<AnswerDecision> &decisions,
                          const QString &edited = {}) {
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
            for (const AnswerDecision d : decisions) {
                AnswerReview rv;
                rv.answerId = a.id;
                rv.decision = d;
                rv.editedText = d == AnswerDecision::Edited ? edited : QString();
                rv.reviewer = QStringLiteral("dr-a");
                m_store->addAnswerReview(rv);
            }
        };
        QVERIFY(sd::approvedAnswerTexts(*m_store, frameId, imv).empty());
        answer(imv, QStringLiteral("accepted text"), {AnswerDecision::Accepted});
        answer(imv, QStringLiteral("raw text"), {AnswerDecision::Edited}, QStringLiteral("edited text"));
        answer(imv, QStringLiteral("rejected text"), {AnswerDecision::Rejected});
        answer(imv, QStringLiteral("accepted then rejected"), {AnswerDecision::Accepted, AnswerDecision::Rejected});
        answer(imv, QStringLiteral("never reviewed"), {});
        answer(duo, QStringLiteral("other structure"), {AnswerDecision::Accepted});
        const auto texts = sd::approvedAnswerTexts(*m_store, frameId, imv);
        QCOMPARE(texts, (std::vector<QString>{QStringLiteral("edited text"), QStringLiteral("accepted text")}));
    }

    void attemptsAndProgress()
    {
        const auto frames = m_store->frames();
        const qint64 imv = byKey("vena_mesenterica_inferior").id, duo = byKey("duodenum").id;
        auto attempt = [&](const QString &resident, qint64 structureId, bool name, bool side, int found) {
            TutorAttempt a;
            a.resident = resident;
            a.frameId = frames.front().id;
            a.structureId = structureId;
            a.answer = QStringLiteral("answer");
            a.structureCorrect = name;
            a.sideCorrect = side;
            a.pointsFound = found;
            a.pointsTotal = 3;
            m_store->addTutorAttempt(a);
            QVERIFY(a.id > 0);
        };
        attempt(QStringLiteral("anna"), imv, true, false, 1);
        attempt(QStringLiteral("anna"), imv, true, true, 3);
        attempt(QStringLiteral("anna"), duo, true, true, 2);
        attempt(QStringLiteral("anna"), imv, true, true, 2);
        attempt(QStringLiteral("ben"), duo, false, true, 0);
        QCOMPARE(m_store->tutorResidents(), (QStringList{QStringLiteral("anna"), QStringLiteral("ben")}));
        const auto attempts = m_store->tutorAttempts(QStringLiteral(" anna "));
        QCOMPARE(attempts.size(), size_t(4));
        QVERIFY(!attempts[0].sideCorrect);

        const auto progress = summarizeProgress(attempts);
        QCOMPARE(progress.size(), size_t(2));
        QCOMPARE(progress[0].structureId, imv);
        QCOMPARE(progress[0].attempts, 3);
        QCOMPARE(progress[0].correct, 2);
        QCOMPARE(progress[0].accuracy, 2.0 / 3.0);
        QCOMPARE(progress[0].keyPointShare, 6.0 / 9.0);
        QVERIFY(progress[0].revisit); // 2 of 3 recent < 80 %
        QCOMPARE(progress[0].history.size(), size_t(3));
        QCOMPARE(progress[0].history[0].second, 0.0);
        QCOMPARE(progress[0].history[2].second, 2.0 / 3.0);
        QCOMPARE(progress[1].structureId, duo);
        QVERIFY(!progress[1].revisit);
        QVERIFY(summarizeProgress(m_store->tutorAttempts(QStringLiteral("ben")))[0].revisit);
    }
};

QTEST_GUILESS_MAIN(TestTutor)
#include "tst_tutor.moc"
