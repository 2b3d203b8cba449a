// The expert review screens on a real demo project with offline teacher
// answers: answer review (accept / edit / reject through the buttons, the
// reviewer's name, the kept original and diff, flags and the sample, keyboard
// shortcuts) and preference-pair review (approve / swap / discard) on pairs
// imported from JSONL through the screen.
#include "teacher/answerreviewdialog.h"
#include "currentuser.h"
#include "demo/demoproject.h"
#include "widgets/fittedimage.h"
#include "widgets/imageconvert.h"
#include "imageio.h"
#include "overlay.h"
#include "teacher/pairreviewdialog.h"
#include "store/projectstore.h"
#include "teacher/answerreview.h"
#include "teacher/teacherbatch.h"
#include "teacher/teacheroverlay.h"
#include "testsupport.h"

#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTimer>
#include <QtTest>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

using namespace sd;
using namespace sd::ui;

namespace {

const QString kReviewer = QStringLiteral("Dr. Test Surgeon");

QPushButton *button(QWidget *w, const char *name)
{
    auto *b = w->findChild<QPushButton *>(QLatin1String(name));
    if (!b)
        qFatal("no button %s", name);
    return b;
}

// Closes the next message box (the import result) once it is shown.
void closeNextMessageBox(QString *text)
{
    QTimer::singleShot(0, qApp, [text] {
        for (int i = 0; i < 200; ++i) {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                *text = box->text();
                box->accept();
                return;
            }
            QTest::qWait(10);
        }
    });
}

} // namespace

class TestTeacherReview : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_project;
    int m_answers = 0;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().setValue(QStringLiteral("user/name"), kReviewer);
        QVERIFY(m_tmp.isValid());
        DemoOptions o;
        o.frames = 6;
        o.width = 160;
        o.height = 128;
        o.seed = 3;
        m_project = createDemoProject(m_tmp.filePath("demo"), o).folder;
        auto store = ProjectStore::open(m_project);
        PrivacyFirewall fw(*store, QStringLiteral("tester"));
        const auto offline = makeProvider({});
        TeacherBatch batch(fw, *offline);
        QSignalSpy done(&batch, &TeacherBatch::finished);
        batch.start();
        QVERIFY(!done.isEmpty() || done.wait(60000));
        QCOMPARE(batch.counters().failed, 0);
        m_answers = batch.counters().done;
        QVERIFY(m_answers >= 6);
    }

    void reviewerNameComesFromSettings()
    {
        QCOMPARE(currentUserName(), kReviewer);
    }

    void acceptEditRejectThroughButtons()
    {
        auto store = ProjectStore::open(m_project);
        AnswerReviewDialog dlg(*store);
        dlg.setShowAll(true);
        dlg.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dlg));
        QCOMPARE(int(dlg.queue().size()), m_answers);

        // The picture is the training overlay of the answer's frame and structure.
        const qint64 first = dlg.currentAnswerId();
        QVERIFY(first > 0);
        const TeacherRequest request = *store->teacherRequest(store->teacherAnswer(first)->requestId);
        const Frame frame = *store->frame(request.frameId);
        const cv::Mat expected = composeOverlay(loadImage(store->absolutePath(frame.mediaPath)),
                                                store->mask(request.frameId, request.structureId)->rle.decode());
        const QImage shown = dlg.findChild<FittedImage *>("answerOverlay")->image();
        QCOMPARE(shown.convertToFormat(QImage::Format_RGB888), matToQImage(expected));
        QCOMPARE(dlg.findChild<QPlainTextEdit *>("answerEditor")->toPlainText(), store->teacherAnswer(first)->text);

        // Accept.
        QTest::mouseClick(button(&dlg, "acceptButton"), Qt::LeftButton);
        auto review = latestAnswerReview(*store, first);
        QVERIFY(review);
        QCOMPARE(review->decision, AnswerDecision::Accepted);
        QCOMPARE(review->reviewer, kReviewer);
        QVERIFY(dlg.currentAnswerId() != first); // on to the next one

        // Edit: the first press opens the editor, the second saves; the original stays.
        const qint64 second = dlg.currentAnswerId();
        const QString original = store->teacherAnswer(second)->text;
        auto *editor = dlg.findChild<QPlainTextEdit *>("answerEditor");
        QVERIFY(editor->isReadOnly());
        QTest::mouseClick(button(&dlg, "editButton"), Qt::LeftButton);
        QVERIFY(!editor->isReadOnly());
        QVERIFY(!button(&dlg, "acceptButton")->isEnabled());
        QVERIFY(!dlg.findChild<QListWidget *>("answerQueue")->isEnabled()); // save or cancel first
        QVERIFY(!button(&dlg, "nextButton")->isEnabled());
        const QString edited = original + QStringLiteral(" Mind the laterality on this side.");
        editor->setPlainText(edited);
        QTest::mouseClick(button(&dlg, "editButton"), Qt::LeftButton);
        QVERIFY(dlg.findChild<QListWidget *>("answerQueue")->isEnabled());
        review = latestAnswerReview(*store, second);
        QVERIFY(review);
        QCOMPARE(review->decision, AnswerDecision::Edited);
        QCOMPARE(review->editedText, edited);
        QCOMPARE(review->reviewer, kReviewer);
        QCOMPARE(store->teacherAnswer(second)->text, original);
        QCOMPARE(approvedAnswerText(*store, second).value(), edited);
        // Back on the edited answer, the diff against the teacher's original is shown.
        QVERIFY(dlg.selectAnswer(second));
        auto *diff = dlg.findChild<QTextBrowser *>("answerDiff");
        QVERIFY(diff->isVisibleTo(&dlg));
        QVERIFY(wordDiff(original, edited).endsWith(QStringLiteral("{+laterality+} {+on+} {+this+} {+side.+}")));
        QVERIFY(diff->toPlainText().contains(QStringLiteral("Mind the laterality on this side.")));
        QVERIFY(diff->toHtml().contains(QStringLiteral("#9be39b"))); // added words marked
        QCOMPARE(editor->toPlainText(), edited);

        // Reject: refused without a reason, stored with one.
        QVERIFY(dlg.selectAnswer(dlg.queue().back()));
        const qint64 third = dlg.currentAnswerId();
        QVERIFY(third != first && third != second);
        QTest::mouseClick(button(&dlg, "rejectButton"), Qt::LeftButton);
        QVERIFY(!latestAnswerReview(*store, third));
        QVERIFY(dlg.statusText().contains(QStringLiteral("reason")));
        dlg.findChild<QComboBox *>("rejectReasonCombo")->setEditText(QStringLiteral("wrong side (laterality)"));
        QTest::mouseClick(button(&dlg, "rejectButton"), Qt::LeftButton);
        review = latestAnswerReview(*store, third);
        QVERIFY(review);
        QCOMPARE(review->decision, AnswerDecision::Rejected);
        QCOMPARE(review->reason, QStringLiteral("wrong side (laterality)"));
        QCOMPARE(review->reviewer, kReviewer);
        QVERIFY(!approvedAnswerText(*store, third));

        // The counters follow the store.
        ReviewPolicy policy;
        policy.sampleShare = 0.2;
        const ReviewProgress p = reviewProgress(*store, policy);
        QCOMPARE(p.accepted, 1);
        QCOMPARE(p.edited, 1);
        QCOMPARE(p.rejected, 1);
        QVERIFY(dlg.progressText().contains(QStringLiteral("accepted 1 · edited 1 · rejected 1 · unreviewed %1 of %2")
                                                .arg(m_answers - 3)
                                                .arg(m_answers)));
        // A reopened screen shows the decisions (they are in the store, not in the widget).
        AnswerReviewDialog again(*store);
        again.setShowAll(true);
        QVERIFY(again.findChild<QListWidget *>("answerQueue")->item(0)->text().contains(QStringLiteral("accepted")));
    }

    void keyboardShortcuts()
    {
        auto store = ProjectStore::open(m_project);
        AnswerReviewDialog dlg(*store);
        dlg.setShowAll(true);
        dlg.show();
        QApplication::setActiveWindow(&dlg);
        QVERIFY(QTest::qWaitForWindowActive(&dlg));
        dlg.findChild<QListWidget *>("answerQueue")->setFocus();
        const qint64 unreviewed = dlg.currentAnswerId();
        QVERIFY(!latestAnswerReview(*store, unreviewed));
        QTest::keyClick(&dlg, Qt::Key_N);
        QVERIFY(dlg.currentAnswerId() != unreviewed);
        QVERIFY(dlg.selectAnswer(unreviewed));
        QTest::keyClick(&dlg, Qt::Key_A);
        const auto review = latestAnswerReview(*store, unreviewed);
        QVERIFY(review);
        QCOMPARE(review->decision, AnswerDecision::Accepted);
        // E opens the editor; typed letters then go into the text, not to the shortcuts.
        const qint64 next = dlg.currentAnswerId();
        QVERIFY(!latestAnswerReview(*store, next));
        QTest::keyClick(&dlg, Qt::Key_E);
        auto *editor = dlg.findChild<QPlainTextEdit *>("answerEditor");
        QVERIFY(!editor->isReadOnly());
        editor->moveCursor(QTextCursor::End);
        QTest::keyClicks(editor, QStringLiteral(" an"));
        QVERIFY(editor->toPlainText().endsWith(QStringLiteral(" an")));
        QVERIFY(!latestAnswerReview(*store, next)); // "a" and "n" did not accept or skip
        QTest::mouseClick(button(&dlg, "cancelEditButton"), Qt::LeftButton);
        QVERIFY(editor->isReadOnly());
        QCOMPARE(editor->toPlainText(), store->teacherAnswer(next)->text);
        // R without a reason asks for one and decides nothing.
        QTest::keyClick(&dlg, Qt::Key_R);
        QVERIFY(!latestAnswerReview(*store, next));
    }

    void flaggedAnswersJoinTheSample()
    {
        auto store = ProjectStore::open(m_project);
        AnswerReviewDialog dlg(*store);
        dlg.setShowAll(true);
        const qint64 target = dlg.queue().at(1);
        QVERIFY(dlg.selectAnswer(target));
        QTest::mouseClick(button(&dlg, "flagButton"), Qt::LeftButton);
        QCOMPARE(store->answerFlags().size(), size_t(1));
        QCOMPARE(store->answerFlags().front().answerId, target);
        QCOMPARE(store->answerFlags().front().flaggedBy, kReviewer);
        // A 0 % sample is exactly the flagged answers; the percentage is a project setting.
        dlg.setShowAll(false);
        dlg.setSamplePercent(0);
        QCOMPARE(dlg.queue(), std::vector<qint64>{target});
        QCOMPARE(store->setting(AnswerReviewDialog::kSamplePercentSetting), QStringLiteral("0"));
        QVERIFY(dlg.progressText().contains(QStringLiteral("flagged 1")));
        dlg.setSamplePercent(100);
        QCOMPARE(int(dlg.queue().size()), m_answers);
        // Unflag.
        QVERIFY(dlg.selectAnswer(target));
        QTest::mouseClick(button(&dlg, "flagButton"), Qt::LeftButton);
        QVERIFY(store->answerFlags().empty());
        dlg.setSamplePercent(20);
    }

    void pairsImportedFromJsonlAreApprovedSwappedDiscarded()
    {
        auto store = ProjectStore::open(m_project);
        // Three pairs in the DPO export's line form, for frames of this project.
        QByteArray jsonl;
        std::vector<std::pair<qint64, QString>> examples;
        for (const Frame &f : store->frames()) {
            const auto masks = store->masksForFrame(f.id);
            if (masks.empty())
                continue;
            examples.emplace_back(f.id, store->structure(masks.front().structureId)->key);
            if (examples.size() == 3)
                break;
        }
        QCOMPARE(examples.size(), size_t(3));
        for (size_t i = 0; i < examples.size(); ++i) {
            auto msg = [](const char *role, const std::string &text) {
                return nlohmann::json{{"role", role}, {"content", {{{"type", "text"}, {"text", text}}}}};
            };
            nlohmann::json user = msg("user", "Which structure is highlighted? " + std::to_string(i));
            user["content"].insert(user["content"].begin(), nlohmann::json{{"type", "image"}});
            const nlohmann::json line = {
                {"prompt", {msg("system", "You are a surgical assistant."), user}},
                {"chosen", {msg("assistant", "good answer " + std::to_string(i))}},
                {"rejected", {msg("assistant", "bad answer " + std::to_string(i))}},
                {"images", {"images/x.png"}},
                {"meta", {{"frame_id", examples[i].first}, {"structure", examples[i].second.toStdString()},
                          {"reason", "names the structure"}}}};
            jsonl += QByteArray::fromStdString(line.dump()) + '\n';
        }
        const QString path = m_tmp.filePath("pairs.jsonl");
        testsupport::writeFile(path, jsonl);

        PairReviewDialog dlg(*store);
        dlg.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dlg));
        QCOMPARE(dlg.pairCount(), 0);
        QVERIFY(!button(&dlg, "approveButton")->isEnabled());
        QString message;
        closeNextMessageBox(&message);
        dlg.importJsonl(path);
        QVERIFY(message.contains(QStringLiteral("3")));
        QCOMPARE(dlg.pairCount(), 3);
        QCOMPARE(store->preferencePairs(PairStatus::Proposed).size(), size_t(3));

        // The first pair shows its texts side by side with the overlay of its frame.
        const std::vector<PreferencePair> pairs = store->preferencePairs();
        QCOMPARE(dlg.currentPairId(), pairs[0].id);
        QCOMPARE(dlg.chosenText(), QStringLiteral("good answer 0"));
        QCOMPARE(dlg.rejectedText(), QStringLiteral("bad answer 0"));
        QVERIFY(!dlg.findChild<FittedImage *>("pairOverlay")->image().isNull());

        QTest::mouseClick(button(&dlg, "approveButton"), Qt::LeftButton);
        QCOMPARE(dlg.pairCount(), 2); // left the "proposed" list
        QCOMPARE(dlg.currentPairId(), pairs[1].id);
        QTest::mouseClick(button(&dlg, "swapButton"), Qt::LeftButton);
        QCOMPARE(dlg.currentPairId(), pairs[2].id);
        QTest::mouseClick(button(&dlg, "discardButton"), Qt::LeftButton);
        QCOMPARE(dlg.pairCount(), 0);

        const std::vector<PreferencePair> after = store->preferencePairs();
        QCOMPARE(after[0].status, PairStatus::Approved);
        QCOMPARE(after[0].chosen, QStringLiteral("good answer 0"));
        QCOMPARE(after[0].reviewer, kReviewer);
        QCOMPARE(after[1].status, PairStatus::Approved);
        QCOMPARE(after[1].chosen, QStringLiteral("bad answer 1")); // swapped
        QCOMPARE(after[1].rejected, QStringLiteral("good answer 1"));
        QVERIFY(after[1].reason.contains(QStringLiteral("names the structure")));
        QCOMPARE(after[1].reviewer, kReviewer);
        QCOMPARE(after[2].status, PairStatus::Discarded);
        QCOMPARE(after[2].reviewer, kReviewer);

        dlg.setStatusFilter(std::nullopt);
        QCOMPARE(dlg.pairCount(), 3);

        // A bad file imports nothing and says why.
        testsupport::writeFile(m_tmp.filePath("bad.jsonl"), "{\"meta\":{\"frame_id\":999999,\"structure\":\"duodenum\"}}\n");
        closeNextMessageBox(&message);
        dlg.importJsonl(m_tmp.filePath("bad.jsonl"));
        QVERIFY(message.contains(QStringLiteral("999999")));
        QCOMPARE(store->preferencePairs().size(), size_t(3));
    }
};

QTEST_MAIN(TestTeacherReview)
#include "tst_teacherreview.moc"
