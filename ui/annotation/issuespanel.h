// The "Issues" dock: the review issues pinned on the current frame, numbered as their
// pins on the canvas, with the selected issue's thread, a reply box and Resolve / Reopen.
// All rules are core's (reviewissues.h); a refused step shows its reason here, like the
// Review panel. Opening an issue is the canvas's (the pin-issue tool), moving between the
// project's open issues the Review menu's.
#pragma once

#include "reviewissues.h"

#include <QWidget>
#include <vector>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace sd::ui {

class IssuesPanel : public QWidget {
    Q_OBJECT
public:
    explicit IssuesPanel(QWidget *parent = nullptr);

    // Keeps the selected issue when it is still on the frame.
    void setContext(ProjectStore *store, qint64 frameId, const UserIdentity &user);
    void refresh();

    const std::vector<ReviewIssue> &issues() const { return m_issues; } // the frame's, as numbered
    qint64 currentIssueId() const;
    bool selectIssue(qint64 issueId); // false when it is not on this frame

    QListWidget *issueList() const { return m_list; }
    QListWidget *thread() const { return m_thread; }
    QPlainTextEdit *replyEdit() const { return m_reply; }
    QPushButton *replyButton() const { return m_replyButton; }
    QPushButton *resolveButton() const { return m_resolve; }
    QPushButton *reopenButton() const { return m_reopen; }
    QString summaryText() const;
    QString errorText() const;

public Q_SLOTS:
    bool reply();
    bool resolve(); // with the reply box's text, if any, as the comment
    bool reopen();

Q_SIGNALS:
    void currentIssueChanged(qint64 issueId); // 0: none selected
    void issuesChanged();                     // this panel wrote something

private:
    void showThread();
    bool run(const std::function<void(qint64 issueId)> &step);

    ProjectStore *m_store = nullptr;
    qint64 m_frameId = 0;
    UserIdentity m_user;
    std::vector<ReviewIssue> m_issues;

    QLabel *m_summary;
    QListWidget *m_list;
    QListWidget *m_thread;
    QPlainTextEdit *m_reply;
    QPushButton *m_replyButton;
    QPushButton *m_resolve;
    QPushButton *m_reopen;
    QLabel *m_error;
};

} // namespace sd::ui
