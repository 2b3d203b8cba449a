// Pinned review issues driven like people on a real demo project and the real widgets:
// a reviewer picks the pin tool (key I), clicks a point and drags a rectangle on the
// FrameView and writes the first comment in the dialog; the pins appear on the canvas; the
// annotator jumps between the open issues with Ctrl+. / Ctrl+, , answers and resolves in the
// Issues panel; the project setting blocks a submission while an issue is open.
#include "annotation/annotationeditor.h"
#include "annotation/frameview.h"
#include "annotation/issuedialog.h"
#include "annotation/issuepins.h"
#include "annotation/issuespanel.h"
#include "annotation/reviewpanel.h"
#include "annotation/structurepanel.h"
#include "canvasgestures.h"
#include "demo/demoproject.h"
#include "reviewissues.h"
#include "store/projectstore.h"
#include "docscreenshot.h"
#include "workspace/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

using namespace sd;
using namespace sd::ui;
using namespace sd::testsupport;

class TestIssuePins : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_project;
    std::vector<qint64> m_frames; // ascending
    qint64 m_structureId = 0;
    QString m_annotator;          // the author of that mask
    QRectF m_maskBox;             // the bounding box of that mask on the first frame: the pins go there
    size_t m_first = 0;           // that frame's index in m_frames; two later frames follow it

    // The dialog the pin tool opened (window-modal, not blocking), once it is shown.
    static IssueDialog *dialogOf(MainWindow &window)
    {
        IssueDialog *found = nullptr;
        QTest::qWaitFor([&] {
            for (IssueDialog *d : window.findChildren<IssueDialog *>())
                if (d->isVisible())
                    found = d;
            return found != nullptr;
        }, 5000);
        return found;
    }

    static void answer(IssueDialog *dialog, const QString &comment)
    {
        QPushButton *ok = dialog->buttons()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled()); // no issue without a comment
        QTest::keyClicks(dialog->commentEdit(), comment);
        QVERIFY(ok->isEnabled());
        QPointer<IssueDialog> gone(dialog);
        QTest::mouseClick(ok, Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return gone.isNull(); }, 5000)); // closed and deleted
    }

    static std::vector<ReviewIssue> stored(const QString &project)
    {
        return ProjectStore::open(project, OpenMode::ReadOnly)->reviewIssues();
    }

    static void pressShortcut(MainWindow &window, Qt::Key key)
    {
        QApplication::setActiveWindow(&window);
        QTest::keyClick(&window, key, Qt::ControlModifier);
    }

private Q_SLOTS:
    void initTestCase()
    {
        themeForDocScreenshots();
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_tmp.isValid());
        DemoOptions o;
        o.frames = 8;
        m_project = createDemoProject(m_tmp.filePath("demo"), o).folder;
        auto store = ProjectStore::open(m_project);
        for (const Frame &f : store->frames())
            m_frames.push_back(f.id);
        std::sort(m_frames.begin(), m_frames.end());
        // The most compact mask among the frames that have two later ones: the pins go on it.
        int best = 0;
        for (size_t i = 0; i + 2 < m_frames.size(); ++i)
            for (const Mask &m : store->masksForFrame(m_frames[i])) {
                cv::Mat pixels;
                cv::findNonZero(m.rle.decode(), pixels);
                const cv::Rect box = cv::boundingRect(pixels);
                if (std::min(box.width, box.height) > best) {
                    best = std::min(box.width, box.height);
                    m_first = i;
                    m_structureId = m.structureId;
                    m_annotator = maskAnnotator(*store, m.id);
                    m_maskBox = QRectF(box.x, box.y, box.width, box.height);
                }
            }
        QVERIFY(!m_annotator.isEmpty());
        QVERIFY(m_maskBox.width() > 40 && m_maskBox.height() > 40);
    }

    void reviewerPinsAnnotatorAnswersAndResolves()
    {
        auto store = ProjectStore::open(m_project);
        MainWindow window(store.get());
        window.resize(1400, 900);
        window.setUser({"rob", UserRole::Reviewer}, MainWindow::UserScope::Session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QApplication::setActiveWindow(&window);
        FrameView *v = window.frameView();
        IssuesPanel *panel = window.issuesPanel();
        IssuePins *pins = v->issuePins();
        const qint64 first = m_frames.at(m_first), second = m_frames.at(m_first + 1), last = m_frames.back();

        // The reviewer: key I picks the pin tool; a click opens the dialog for a point.
        QVERIFY(window.selectFrame(first));
        window.structurePanel()->setCurrentStructure(m_structureId);
        v->setFocus();
        QTest::keyClick(v, Qt::Key_I);
        QCOMPARE(window.editor()->tool(), AnnotationEditor::Tool::PinIssue);
        const QPointF point = QPointF(std::round(m_maskBox.left() + m_maskBox.width() * 0.25),
                                      std::round(m_maskBox.center().y()));
        click(v, point);
        IssueDialog *dialog = dialogOf(window);
        QVERIFY(dialog);
        answer(dialog, "Border runs into the fat here");
        std::vector<ReviewIssue> issues = stored(m_project);
        QCOMPARE(issues.size(), size_t(1));
        QVERIFY(issues[0].isPoint());
        QVERIFY(qAbs(issues[0].x - point.x()) <= 1 && qAbs(issues[0].y - point.y()) <= 1);
        QCOMPARE(issues[0].frameId, first);
        QCOMPARE(issues[0].structureId, m_structureId);
        QCOMPARE(issues[0].author, QStringLiteral("rob"));
        QCOMPARE(issues[0].maskVersion, store->mask(first, m_structureId)->version);
        // Its pin, numbered 1, open and highlighted; the panel shows it selected.
        QCOMPARE(pins->pins().size(), size_t(1));
        QCOMPARE(pins->pins()[0].number, 1);
        QVERIFY(pins->pins()[0].open);
        QCOMPARE(pins->highlighted(), issues[0].id);
        QCOMPARE(panel->currentIssueId(), issues[0].id);
        QVERIFY(window.issuesDock()->isVisible());
        QCOMPARE(panel->thread()->count(), 1);

        // A drag pins a rectangle; Cancel writes nothing, OK opens it.
        const QRectF dragged(std::round(m_maskBox.center().x()), std::round(m_maskBox.center().y()),
                             std::round(m_maskBox.width() * 0.4), std::round(m_maskBox.height() * 0.4));
        drag(v, dragged.topLeft(), dragged.bottomRight());
        dialog = dialogOf(window);
        QVERIFY(dialog);
        QPointer<IssueDialog> cancelled(dialog);
        QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Cancel), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return cancelled.isNull(); }, 5000));
        QCOMPARE(stored(m_project).size(), size_t(1));
        drag(v, dragged.bottomRight(), dragged.topLeft()); // dragged up and left: stored normalised
        answer(dialogOf(window), "Check this area");
        issues = stored(m_project);
        QCOMPARE(issues.size(), size_t(2));
        const QRectF area(issues[1].x, issues[1].y, issues[1].width, issues[1].height);
        QVERIFY2(qAbs(area.left() - dragged.left()) <= 1 && qAbs(area.top() - dragged.top()) <= 1
                     && qAbs(area.right() - dragged.right()) <= 1 && qAbs(area.bottom() - dragged.bottom()) <= 1,
                 qPrintable(QStringLiteral("%1 %2 %3 %4").arg(area.x()).arg(area.y()).arg(area.width()).arg(area.height())));
        QCOMPARE(pins->pins().size(), size_t(2));
        QCOMPARE(pins->pins()[1].number, 2);
        QCOMPARE(panel->issueList()->count(), 2);

        // One more on a later frame.
        QVERIFY(window.selectFrame(second));
        window.structurePanel()->setCurrentStructure(m_structureId);
        QCOMPARE(pins->pins().size(), size_t(0)); // the pins are the shown frame's
        click(v, QPointF(50, 60));
        answer(dialogOf(window), "Missing part");
        issues = stored(m_project);
        QCOMPARE(issues.size(), size_t(3));
        const qint64 pointIssue = issues[0].id, rectIssue = issues[1].id, laterIssue = issues[2].id;

        // The annotator who drew the mask: no pin tool for her.
        window.setUser({m_annotator, UserRole::Annotator}, MainWindow::UserScope::Session);
        click(v, QPointF(70, 70));
        QTest::qWait(50);
        QVERIFY(window.findChildren<IssueDialog *>().isEmpty());
        QVERIFY2(window.statusBar()->currentMessage().contains("Only reviewers"),
                 qPrintable(window.statusBar()->currentMessage()));
        QCOMPARE(stored(m_project).size(), size_t(3));

        // Ctrl+. from the last frame wraps to the first open issue: its frame, structure and pin.
        QVERIFY(window.selectFrame(last));
        QCOMPARE(window.findChild<QAction *>("nextIssueAction")->shortcut(), QKeySequence(QStringLiteral("Ctrl+.")));
        pressShortcut(window, Qt::Key_Period);
        QCOMPARE(window.currentFrameId(), first);
        QCOMPARE(window.structurePanel()->currentStructure(), m_structureId);
        QCOMPARE(panel->currentIssueId(), pointIssue);
        QCOMPARE(pins->highlighted(), pointIssue);
        pressShortcut(window, Qt::Key_Period);
        QCOMPARE(panel->currentIssueId(), rectIssue);
        pressShortcut(window, Qt::Key_Period);
        QCOMPARE(window.currentFrameId(), second);
        QCOMPARE(panel->currentIssueId(), laterIssue);
        pressShortcut(window, Qt::Key_Comma); // Ctrl+, goes back
        QCOMPARE(window.currentFrameId(), first);
        QCOMPARE(panel->currentIssueId(), rectIssue);
        // A click on a marker selects its issue (the pin tool pins nothing there).
        click(v, point);
        QCOMPARE(panel->currentIssueId(), pointIssue);
        QCOMPARE(pins->highlighted(), pointIssue);
        click(v, QPointF(issues[1].x, issues[1].y));
        QCOMPARE(panel->currentIssueId(), rectIssue);
        QTest::qWait(50);
        QVERIFY(window.findChildren<IssueDialog *>().isEmpty());
        QCOMPARE(stored(m_project).size(), size_t(3));

        // She answers, then resolves with a comment; the pin turns grey.
        QTest::keyClicks(panel->replyEdit(), "Trimmed the border");
        QTest::mouseClick(panel->replyButton(), Qt::LeftButton);
        QCOMPARE(panel->thread()->count(), 2);
        QVERIFY(panel->resolveButton()->isEnabled());
        QTest::keyClicks(panel->replyEdit(), "Done");
        QTest::mouseClick(panel->resolveButton(), Qt::LeftButton);
        QCOMPARE(panel->errorText(), QString());
        auto reread = ProjectStore::open(m_project, OpenMode::ReadOnly);
        QCOMPARE(reread->reviewIssue(rectIssue)->status, IssueStatus::Resolved);
        QCOMPARE(reread->reviewIssue(rectIssue)->resolvedBy, m_annotator);
        const std::vector<IssueComment> thread = reread->issueComments(rectIssue);
        QCOMPARE(thread.size(), size_t(3));
        QCOMPARE(thread[1].body, QStringLiteral("Trimmed the border"));
        QCOMPARE(thread[2].kind, IssueEventKind::Resolved);
        QCOMPARE(thread[2].body, QStringLiteral("Done"));
        QCOMPARE(panel->thread()->count(), 3);
        QCOMPARE(pins->pins()[1].open, false);
        QVERIFY(!panel->resolveButton()->isEnabled());
        QVERIFY(panel->reopenButton()->isEnabled());
        QVERIFY2(panel->summaryText().contains("1 open, 1 resolved"), qPrintable(panel->summaryText()));
        if (docScreenshotsWanted()) {
            window.resizeDocks({window.issuesDock()}, {460}, Qt::Horizontal);
            window.resizeDocks({window.findChild<QDockWidget *>(QStringLiteral("structuresDock")), window.issuesDock()},
                               {170, 900}, Qt::Vertical);
            writeDocScreenshot(window, QStringLiteral("issues"));
        }
        // Ctrl+. now skips the resolved issue.
        pressShortcut(window, Qt::Key_Period);
        QCOMPARE(panel->currentIssueId(), laterIssue);

        // The project blocks submission while issues are open: the Review panel says why.
        QAction *block = window.findChild<QAction *>("blockSubmissionAction");
        QVERIFY(block && !block->isChecked());
        block->trigger();
        QVERIFY(block->isChecked());
        QVERIFY(blockSubmissionWhileIssuesOpen(*store));
        // A new version of the mask (the demo's is approved), so there is something to submit.
        store->saveMask(first, m_structureId, store->mask(first, m_structureId)->rle, m_annotator);
        QVERIFY(window.selectFrame(last));
        QVERIFY(window.selectFrame(first));
        window.structurePanel()->setCurrentStructure(m_structureId);
        const qint64 maskId = store->mask(first, m_structureId)->id;
        const size_t reviewsBefore = store->reviews(maskId).size();
        QVERIFY(!window.reviewPanel()->submit()); // issue 1 on this mask is still open
        QVERIFY2(window.reviewPanel()->errorText().contains("still open"),
                 qPrintable(window.reviewPanel()->errorText()));
        QCOMPARE(store->reviews(maskId).size(), reviewsBefore);
        QVERIFY(panel->selectIssue(pointIssue));
        QTest::mouseClick(panel->resolveButton(), Qt::LeftButton);
        QCOMPARE(store->reviewIssue(pointIssue)->status, IssueStatus::Resolved);
        QVERIFY(window.reviewPanel()->submit());

        // Another annotator may not resolve her issue; a reviewer reopens it.
        window.setUser({"zoe", UserRole::Annotator}, MainWindow::UserScope::Session);
        QVERIFY(panel->selectIssue(pointIssue));
        QVERIFY(!panel->reopenButton()->isEnabled());
        QVERIFY(panel->reopenButton()->toolTip().contains(m_annotator));
        window.setUser({"rob", UserRole::Reviewer}, MainWindow::UserScope::Session);
        QVERIFY(panel->selectIssue(pointIssue));
        QTest::mouseClick(panel->reopenButton(), Qt::LeftButton);
        QCOMPARE(store->reviewIssue(pointIssue)->status, IssueStatus::Open);
        QVERIFY(pins->pins()[0].open);
    }
};

QTEST_MAIN(TestIssuePins)
#include "tst_issuepins.moc"
