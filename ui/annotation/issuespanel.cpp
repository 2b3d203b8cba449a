#include "issuespanel.h"

#include "issuepins.h"
#include "store/projectstore.h"
#include "widgets/displaynames.h"
#include "widgets/errorlabel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace sd::ui {

namespace {

QString timeText(const QDateTime &t)
{
    return t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

} // namespace

IssuesPanel::IssuesPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("issuesPanel"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("issuesSummary"));
    m_summary->setWordWrap(true);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("issueList"));
    m_list->setWordWrap(true);
    m_thread = new QListWidget(this);
    m_thread->setObjectName(QStringLiteral("issueThread"));
    m_thread->setWordWrap(true);
    m_thread->setSelectionMode(QAbstractItemView::NoSelection);
    m_reply = new QPlainTextEdit(this);
    m_reply->setObjectName(QStringLiteral("issueReply"));
    m_reply->setPlaceholderText(tr("Reply, or a comment for Resolve / Reopen"));
    m_reply->setMaximumHeight(70);
    m_replyButton = new QPushButton(tr("Reply"), this);
    m_replyButton->setObjectName(QStringLiteral("issueReplyButton"));
    m_resolve = new QPushButton(tr("Resolve"), this);
    m_resolve->setObjectName(QStringLiteral("issueResolveButton"));
    m_reopen = new QPushButton(tr("Reopen"), this);
    m_reopen->setObjectName(QStringLiteral("issueReopenButton"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_replyButton);
    buttons->addWidget(m_resolve);
    buttons->addWidget(m_reopen);
    m_error = newErrorLabel(this, QStringLiteral("issueError"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_summary);
    layout->addWidget(m_list, 2);
    layout->addWidget(new QLabel(tr("Thread"), this));
    layout->addWidget(m_thread, 3);
    layout->addWidget(m_reply);
    layout->addLayout(buttons);
    layout->addWidget(m_error);

    connect(m_list, &QListWidget::currentRowChanged, this, [this] {
        m_error->hide();
        showThread();
        Q_EMIT currentIssueChanged(currentIssueId());
    });
    connect(m_replyButton, &QPushButton::clicked, this, &IssuesPanel::reply);
    connect(m_resolve, &QPushButton::clicked, this, &IssuesPanel::resolve);
    connect(m_reopen, &QPushButton::clicked, this, &IssuesPanel::reopen);
    refresh();
}

void IssuesPanel::setContext(ProjectStore *store, qint64 frameId, const UserIdentity &user)
{
    if (store != m_store || frameId != m_frameId) {
        m_reply->clear();
        m_error->hide();
    }
    m_store = store;
    m_frameId = frameId;
    m_user = user;
    refresh();
}

qint64 IssuesPanel::currentIssueId() const
{
    const int row = m_list->currentRow();
    return row >= 0 && row < int(m_issues.size()) ? m_issues[size_t(row)].id : 0;
}

bool IssuesPanel::selectIssue(qint64 issueId)
{
    for (size_t i = 0; i < m_issues.size(); ++i)
        if (m_issues[i].id == issueId) {
            m_list->setCurrentRow(int(i));
            m_list->scrollToItem(m_list->item(int(i)));
            return true;
        }
    return false;
}

QString IssuesPanel::summaryText() const
{
    return m_summary->text();
}

QString IssuesPanel::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void IssuesPanel::refresh()
{
    const qint64 keep = currentIssueId();
    {
        const QSignalBlocker block(m_list); // one currentIssueChanged() at the end, not one per row
        m_list->clear();
        m_issues.clear();
        if (m_store && m_frameId) {
            IssueFilter filter;
            filter.frameId = m_frameId;
            m_issues = m_store->reviewIssues(filter);
        }
        int open = 0;
        for (size_t i = 0; i < m_issues.size(); ++i) {
            const ReviewIssue &issue = m_issues[i];
            const bool isOpen = issue.status == IssueStatus::Open;
            open += isOpen ? 1 : 0;
            const auto s = m_store->structure(issue.structureId);
            const QString structure = s ? structureDisplayName(*s) : QString::number(issue.structureId);
            QString text = tr("%1. %2 · %3 · %4").arg(int(i) + 1).arg(structure, isOpen ? tr("open") : tr("resolved"),
                                                                 issue.author);
            if (!issue.lastComment.isEmpty())
                text += QStringLiteral("\n") + issue.lastComment.section(QLatin1Char('\n'), 0, 0).left(120);
            auto *item = new QListWidgetItem(text, m_list);
            item->setForeground(isOpen ? IssuePins::openColor().lighter(130) : IssuePins::resolvedColor());
            item->setToolTip(tr("Issue %1 on mask version %2, opened %3").arg(issue.id).arg(issue.maskVersion)
                                 .arg(timeText(issue.createdAt)));
            if (issue.id == keep)
                m_list->setCurrentItem(item);
        }
        if (!m_store || !m_frameId)
            m_summary->setText(tr("No frame shown."));
        else if (m_issues.empty())
            m_summary->setText(tr("No review issues on this frame. Reviewers pin one with Tools > Pin issue (I)."));
        else
            m_summary->setText(tr("%1 open, %2 resolved on this frame").arg(open).arg(int(m_issues.size()) - open));
    }
    showThread();
    Q_EMIT currentIssueChanged(currentIssueId());
}

void IssuesPanel::showThread()
{
    m_thread->clear();
    const qint64 id = currentIssueId();
    const ReviewIssue *issue = nullptr;
    for (const ReviewIssue &i : m_issues)
        if (i.id == id)
            issue = &i;
    m_replyButton->setEnabled(issue != nullptr);
    if (!issue) {
        m_resolve->setEnabled(false);
        m_reopen->setEnabled(false);
        return;
    }
    for (const IssueComment &c : m_store->issueComments(id)) {
        QString head;
        switch (c.kind) {
        case IssueEventKind::Comment: head = tr("%1 · %2").arg(c.author, timeText(c.createdAt)); break;
        case IssueEventKind::Resolved: head = tr("%1 resolved the issue · %2").arg(c.author, timeText(c.createdAt)); break;
        case IssueEventKind::Reopened: head = tr("%1 reopened the issue · %2").arg(c.author, timeText(c.createdAt)); break;
        }
        auto *item = new QListWidgetItem(c.body.isEmpty() ? head : head + QStringLiteral("\n") + c.body, m_thread);
        if (c.kind != IssueEventKind::Comment) {
            QFont f = item->font();
            f.setItalic(true);
            item->setFont(f);
        }
    }
    QString why;
    const bool may = canChangeIssueStatus(*m_store, *issue, m_user, &why);
    const bool open = issue->status == IssueStatus::Open;
    m_resolve->setEnabled(open && may);
    m_reopen->setEnabled(!open && may);
    m_resolve->setToolTip(may ? QString() : why);
    m_reopen->setToolTip(may ? QString() : why);
}

bool IssuesPanel::run(const std::function<void(qint64)> &step)
{
    const qint64 id = currentIssueId();
    if (!m_store || !id)
        return false;
    try {
        step(id);
    } catch (const std::exception &e) {
        m_error->setText(QString::fromUtf8(e.what()));
        m_error->show();
        return false;
    }
    m_error->hide();
    m_reply->clear();
    refresh();
    Q_EMIT issuesChanged();
    return true;
}

bool IssuesPanel::reply()
{
    return run([this](qint64 id) { replyToIssue(*m_store, id, m_user, m_reply->toPlainText()); });
}

bool IssuesPanel::resolve()
{
    return run([this](qint64 id) { resolveIssue(*m_store, id, m_user, m_reply->toPlainText()); });
}

bool IssuesPanel::reopen()
{
    return run([this](qint64 id) { reopenIssue(*m_store, id, m_user, m_reply->toPlainText()); });
}

} // namespace sd::ui
