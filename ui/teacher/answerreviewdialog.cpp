#include "answerreviewdialog.h"

#include "currentuser.h"
#include "widgets/displaynames.h"
#include "widgets/fittedimage.h"
#include "store/projectstore.h"
#include "teacher/answerreview.h"
#include "teacher/offlineteacher.h"
#include "teacheroverlay.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace sd::ui {

namespace {
QString decisionName(AnswerDecision decision)
{
    switch (decision) {
    case AnswerDecision::Accepted: return AnswerReviewDialog::tr("accepted");
    case AnswerDecision::Edited: return AnswerReviewDialog::tr("edited");
    case AnswerDecision::Rejected: return AnswerReviewDialog::tr("rejected");
    }
    return {};
}
} // namespace

AnswerReviewDialog::AnswerReviewDialog(ProjectStore &store, QWidget *parent) : QDialog(parent), m_store(store)
{
    setObjectName(QStringLiteral("answerReviewDialog"));
    setWindowTitle(tr("Review teacher answers"));
    resize(1400, 820);
    auto *layout = new QVBoxLayout(this);

    // Top: reviewer, sampling policy, progress.
    auto *top = new QHBoxLayout;
    m_reviewer = new QLineEdit(currentUserName(), this);
    m_reviewer->setObjectName(QStringLiteral("reviewerEdit"));
    m_reviewer->setMaximumWidth(220);
    connect(m_reviewer, &QLineEdit::editingFinished, this, [this] { setCurrentUserName(m_reviewer->text()); });
    m_scope = new QComboBox(this);
    m_scope->setObjectName(QStringLiteral("scopeCombo"));
    m_scope->addItem(tr("Review sample"), false);
    m_scope->addItem(tr("All answers"), true);
    m_samplePercent = new QSpinBox(this);
    m_samplePercent->setObjectName(QStringLiteral("samplePercentSpin"));
    m_samplePercent->setRange(0, 100);
    m_samplePercent->setSuffix(tr(" % + flagged"));
    m_samplePercent->setValue(m_store.setting(QString::fromLatin1(kSamplePercentSetting), QStringLiteral("20")).toInt());
    m_samplePercent->setToolTip(tr("Share of all answers drawn at random for review (the same answers for every "
                                   "reviewer); flagged answers are always in the sample"));
    top->addWidget(new QLabel(tr("Reviewer:"), this));
    top->addWidget(m_reviewer);
    top->addSpacing(16);
    top->addWidget(new QLabel(tr("Queue:"), this));
    top->addWidget(m_scope);
    top->addWidget(m_samplePercent);
    top->addSpacing(16);
    m_progress = new QLabel(this);
    m_progress->setObjectName(QStringLiteral("reviewProgress"));
    top->addWidget(m_progress, 1);
    auto *acceptRest = new QPushButton(tr("Accept the rest…"), this);
    acceptRest->setObjectName(QStringLiteral("acceptRestButton"));
    acceptRest->setAutoDefault(false);
    acceptRest->setToolTip(tr("Accept every unreviewed answer outside the review sample, recorded under your name"));
    top->addWidget(acceptRest);
    layout->addLayout(top);

    // Centre: queue | overlay | answer.
    auto *split = new QSplitter(Qt::Horizontal, this);
    m_list = new QListWidget(split);
    m_list->setObjectName(QStringLiteral("answerQueue"));
    m_list->setMinimumWidth(230);
    m_list->setWordWrap(true);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_image = new FittedImage(split);
    m_image->setObjectName(QStringLiteral("answerOverlay"));
    auto *right = new QWidget(split);
    auto *rl = new QVBoxLayout(right);
    rl->setContentsMargins(6, 0, 0, 0);
    m_title = new QLabel(right);
    m_title->setObjectName(QStringLiteral("answerTitle"));
    m_title->setStyleSheet(QStringLiteral("QLabel { font-weight: 600; font-size: 11pt; }"));
    m_question = new QLabel(right);
    m_question->setObjectName(QStringLiteral("answerQuestion"));
    m_question->setWordWrap(true);
    m_question->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_decision = new QLabel(right);
    m_decision->setObjectName(QStringLiteral("answerDecision"));
    m_decision->setWordWrap(true);
    m_answer = new QPlainTextEdit(right);
    m_answer->setObjectName(QStringLiteral("answerEditor"));
    m_answer->setReadOnly(true);
    m_diff = new QTextBrowser(right);
    m_diff->setObjectName(QStringLiteral("answerDiff"));
    m_diff->setMaximumHeight(130);
    m_diff->setVisible(false);
    m_reason = new QComboBox(right);
    m_reason->setObjectName(QStringLiteral("rejectReasonCombo"));
    m_reason->setEditable(true);
    m_reason->addItems({QString(), tr("wrong structure"), tr("wrong side (laterality)"), tr("factually wrong"),
                        tr("incomplete or unclear"), tr("not relevant for CME")});
    m_reason->lineEdit()->setPlaceholderText(tr("Reason for a rejection (required)"));
    auto *notice = new QLabel(tr("Teacher texts need a surgeon's review before clinical use; only accepted or "
                                 "edited answers enter the training data."),
                              right);
    notice->setWordWrap(true);
    notice->setStyleSheet(QStringLiteral("QLabel { color: #b8bcc4; }"));
    rl->addWidget(m_title);
    rl->addWidget(m_question);
    rl->addWidget(m_decision);
    rl->addWidget(new QLabel(tr("Teacher answer:"), right));
    rl->addWidget(m_answer, 1);
    rl->addWidget(m_diff);
    rl->addWidget(m_reason);
    auto *buttons = new QHBoxLayout;
    auto makeButton = [&](const QString &text, const char *name, const QString &tip) {
        auto *b = new QPushButton(text, right);
        b->setObjectName(QLatin1String(name));
        b->setToolTip(tip);
        b->setAutoDefault(false);
        buttons->addWidget(b);
        return b;
    };
    m_accept = makeButton(tr("Accept"), "acceptButton", tr("Accept the answer as it is (A)"));
    m_edit = makeButton(tr("Edit"), "editButton", tr("Correct the answer; the original is kept (E)"));
    m_cancelEdit = makeButton(tr("Cancel edit"), "cancelEditButton", tr("Discard the changes (Esc)"));
    m_cancelEdit->setVisible(false);
    m_reject = makeButton(tr("Reject"), "rejectButton", tr("Reject with the reason above (R)"));
    m_flag = makeButton(tr("Flag"), "flagButton", tr("Mark for review: flagged answers are always in the sample"));
    m_flag->setCheckable(true);
    m_next = makeButton(tr("Next"), "nextButton", tr("Go to the next answer without deciding (N)"));
    m_accept->setStyleSheet(QStringLiteral("QPushButton { background: #2e7d32; color: white; padding: 4px 14px; }"));
    m_reject->setStyleSheet(QStringLiteral("QPushButton { background: #b23b3b; color: white; padding: 4px 14px; }"));
    rl->addLayout(buttons);
    m_status = new QLabel(right);
    m_status->setObjectName(QStringLiteral("reviewStatus"));
    m_status->setWordWrap(true);
    rl->addWidget(m_status);
    rl->addWidget(notice);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 2);
    split->setSizes({290, 620, 480});
    layout->addWidget(split, 1);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(close);

    connect(m_accept, &QPushButton::clicked, this, &AnswerReviewDialog::acceptCurrent);
    connect(m_edit, &QPushButton::clicked, this, &AnswerReviewDialog::edit);
    connect(m_cancelEdit, &QPushButton::clicked, this, [this] {
        setEditing(false);
        showAnswer(m_current);
    });
    connect(m_reject, &QPushButton::clicked, this, &AnswerReviewDialog::rejectCurrent);
    connect(m_flag, &QPushButton::clicked, this, &AnswerReviewDialog::toggleFlag);
    connect(m_next, &QPushButton::clicked, this, &AnswerReviewDialog::next);
    connect(m_reason->lineEdit(), &QLineEdit::returnPressed, this, &AnswerReviewDialog::rejectCurrent);
    // Single-key shortcuts: a focused text field takes the key instead (Qt's shortcut override).
    new QShortcut(QKeySequence(Qt::Key_A), this, this, &AnswerReviewDialog::acceptCurrent);
    new QShortcut(QKeySequence(Qt::Key_E), this, this, &AnswerReviewDialog::edit);
    new QShortcut(QKeySequence(Qt::Key_R), this, this, &AnswerReviewDialog::rejectCurrent);
    new QShortcut(QKeySequence(Qt::Key_N), this, this, &AnswerReviewDialog::next);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < int(m_queue.size()) && m_queue[size_t(row)] != m_current) {
            setEditing(false);
            showAnswer(m_queue[size_t(row)]);
        }
    });
    connect(m_scope, &QComboBox::currentIndexChanged, this, [this] { reloadQueue(); });
    connect(m_samplePercent, &QSpinBox::valueChanged, this, [this](int v) {
        m_store.setSetting(QString::fromLatin1(kSamplePercentSetting), QString::number(v));
        reloadQueue();
    });
    connect(acceptRest, &QPushButton::clicked, this, [this] {
        ReviewPolicy policy;
        policy.sampleShare = m_samplePercent->value() / 100.0;
        if (QMessageBox::question(this, tr("Accept the rest"),
                                  tr("Accept every unreviewed answer outside the review sample under the name "
                                     "\"%1\"?")
                                      .arg(m_reviewer->text().trimmed()))
            != QMessageBox::Yes)
            return;
        try {
            const int n = acceptOutsideSample(m_store, policy, m_reviewer->text());
            setStatus(tr("Accepted %n answer(s) outside the sample.", nullptr, n));
        } catch (const std::exception &e) {
            setStatus(QString::fromUtf8(e.what()), true);
        }
        reloadQueue();
    });
    reloadQueue();
}

void AnswerReviewDialog::setShowAll(bool all)
{
    m_scope->setCurrentIndex(all ? 1 : 0);
}

void AnswerReviewDialog::setSamplePercent(int percent)
{
    m_samplePercent->setValue(percent);
}

QString AnswerReviewDialog::progressText() const
{
    return m_progress->text();
}

QString AnswerReviewDialog::statusText() const
{
    return m_status->text();
}

void AnswerReviewDialog::setStatus(const QString &text, bool error)
{
    m_status->setStyleSheet(error ? QStringLiteral("QLabel { color: #ff8a80; font-weight: 600; }") : QString());
    m_status->setText(text);
}

QString AnswerReviewDialog::itemText(qint64 answerId) const
{
    QString where;
    if (const auto a = m_store.teacherAnswer(answerId))
        if (const auto r = m_store.teacherRequest(a->requestId)) {
            const auto s = m_store.structure(r->structureId);
            where = tr("Frame %1 · %2").arg(r->frameId).arg(s ? structureDisplayName(*s) : QString());
        }
    const auto review = latestAnswerReview(m_store, answerId);
    const QString state = review ? decisionName(review->decision) : tr("to review");
    return tr("#%1  %2\n%3").arg(answerId).arg(where, state);
}

void AnswerReviewDialog::reloadQueue()
{
    const qint64 keep = m_current;
    if (m_scope->currentData().toBool()) {
        m_queue.clear();
        for (const TeacherRequest &r : m_store.teacherRequests(RequestStatus::Done))
            for (const TeacherAnswer &a : m_store.teacherAnswers(r.id))
                m_queue.push_back(a.id);
        std::sort(m_queue.begin(), m_queue.end());
    } else {
        ReviewPolicy policy;
        policy.sampleShare = m_samplePercent->value() / 100.0;
        m_queue = reviewSample(m_store, policy);
    }
    m_samplePercent->setEnabled(!m_scope->currentData().toBool());
    {
        const QSignalBlocker block(m_list);
        m_list->clear();
        for (size_t i = 0; i < m_queue.size(); ++i) {
            m_list->addItem(QString());
            refreshItem(int(i));
        }
    }
    m_current = 0;
    const auto it = std::find(m_queue.begin(), m_queue.end(), keep);
    if (it != m_queue.end())
        selectAnswer(keep);
    else if (!m_queue.empty()) {
        // Start at the first answer still to review.
        qint64 first = m_queue.front();
        for (qint64 id : m_queue)
            if (!latestAnswerReview(m_store, id)) {
                first = id;
                break;
            }
        selectAnswer(first);
    } else {
        showAnswer(0);
    }
    updateProgress();
}

void AnswerReviewDialog::refreshItem(int row)
{
    if (row < 0 || row >= m_list->count())
        return;
    const qint64 id = m_queue[size_t(row)];
    QListWidgetItem *item = m_list->item(row);
    item->setText(itemText(id));
    item->setData(Qt::UserRole, id);
    const auto review = latestAnswerReview(m_store, id);
    QColor colour = palette().color(QPalette::Text);
    if (review && review->decision == AnswerDecision::Rejected)
        colour = QColor(0xff, 0x8a, 0x80);
    else if (review)
        colour = QColor(0x9b, 0xe3, 0x9b);
    item->setForeground(colour);
}

bool AnswerReviewDialog::selectAnswer(qint64 answerId)
{
    const auto it = std::find(m_queue.begin(), m_queue.end(), answerId);
    if (it == m_queue.end())
        return false;
    setEditing(false);
    showAnswer(answerId);
    const QSignalBlocker block(m_list);
    m_list->setCurrentRow(int(it - m_queue.begin()));
    return true;
}

void AnswerReviewDialog::showAnswer(qint64 answerId)
{
    m_current = answerId;
    const bool any = answerId != 0;
    for (QPushButton *b : {m_accept, m_edit, m_reject, m_flag, m_next})
        b->setEnabled(any);
    m_diff->setVisible(false);
    m_reason->setCurrentIndex(0);
    m_reason->setEditText(QString());
    if (!any) {
        m_title->setText(m_store.teacherRequests(RequestStatus::Done).empty()
                             ? tr("No teacher answers yet: generate them first (Teacher ▸ Generate teacher answers)")
                             : tr("Nothing in this queue"));
        m_question->clear();
        m_decision->clear();
        m_answer->clear();
        m_image->setImage({});
        return;
    }
    const auto answer = m_store.teacherAnswer(answerId);
    const auto request = answer ? m_store.teacherRequest(answer->requestId) : std::nullopt;
    if (!answer || !request) {
        m_title->setText(tr("Answer %1 no longer exists").arg(answerId));
        return;
    }
    const auto structure = m_store.structure(request->structureId);
    m_title->setText(tr("Frame %1 · %2").arg(request->frameId).arg(structure ? structureDisplayName(*structure)
                                                                              : QString()));
    m_question->setText(tr("Question: %1").arg(request->question));
    QString error;
    m_image->setImage(teacherOverlayImage(m_store, request->frameId, request->structureId, &error), error);
    m_answer->setPlainText(answer->text);

    const auto review = latestAnswerReview(m_store, answerId);
    if (!review) {
        m_decision->setText(tr("Not reviewed yet · teacher %1 (%2)").arg(request->provider, request->model));
    } else {
        QString text = tr("%1 by %2 on %3")
                           .arg(decisionName(review->decision), review->reviewer,
                                QLocale().toString(review->createdAt.toLocalTime(), QLocale::ShortFormat));
        if (!review->reason.isEmpty())
            text += tr(" · reason: %1").arg(review->reason);
        m_decision->setText(text);
        if (review->decision == AnswerDecision::Edited) {
            m_answer->setPlainText(review->editedText);
            m_diff->setHtml(tr("<b>Changes to the teacher's answer:</b> ")
                            + wordDiffHtml(wordDiff(answer->text, review->editedText)));
            m_diff->setVisible(true);
        }
    }
    bool flagged = false;
    for (const AnswerFlag &f : m_store.answerFlags())
        flagged = flagged || f.answerId == answerId;
    m_flag->setChecked(flagged);
}

void AnswerReviewDialog::updateProgress()
{
    ReviewPolicy policy;
    policy.sampleShare = m_samplePercent->value() / 100.0;
    const ReviewProgress p = reviewProgress(m_store, policy);
    m_progress->setText(tr("Sample: %1 of %2 reviewed · accepted %3 · edited %4 · rejected %5 · unreviewed %6 of "
                           "%7 · flagged %8")
                            .arg(p.reviewedInSample)
                            .arg(p.inSample)
                            .arg(p.accepted)
                            .arg(p.edited)
                            .arg(p.rejected)
                            .arg(p.unreviewed)
                            .arg(p.answers)
                            .arg(p.flagged));
}

void AnswerReviewDialog::setEditing(bool on)
{
    m_editing = on;
    m_answer->setReadOnly(!on);
    m_edit->setText(on ? tr("Save edit") : tr("Edit"));
    m_cancelEdit->setVisible(on);
    m_accept->setEnabled(!on && m_current);
    m_reject->setEnabled(!on && m_current);
    m_answer->setStyleSheet(on ? QStringLiteral("QPlainTextEdit { border: 2px solid #3d7ec7; }") : QString());
    // While editing, the edit is saved or cancelled before anything else changes the answer shown.
    m_editStart = on ? m_answer->toPlainText() : QString();
    m_list->setEnabled(!on);
    m_scope->setEnabled(!on);
    m_samplePercent->setEnabled(!on && !m_scope->currentData().toBool());
    m_next->setEnabled(!on && m_current);
}

void AnswerReviewDialog::reject()
{
    if (m_editing && m_answer->toPlainText() != m_editStart
        && QMessageBox::question(this, tr("Unsaved edit"), tr("Close and discard the edit of this answer?"),
                                 QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel)
            != QMessageBox::Discard)
        return;
    QDialog::reject();
}

void AnswerReviewDialog::afterDecision()
{
    const auto it = std::find(m_queue.begin(), m_queue.end(), m_current);
    const int row = it == m_queue.end() ? -1 : int(it - m_queue.begin());
    refreshItem(row);
    updateProgress();
    // On to the next answer still to review after this one (wrapping), else stay.
    for (size_t k = 1; k <= m_queue.size(); ++k) {
        const qint64 id = m_queue[(size_t(row) + k) % m_queue.size()];
        if (!latestAnswerReview(m_store, id)) {
            selectAnswer(id);
            return;
        }
    }
    showAnswer(m_current);
}

void AnswerReviewDialog::acceptCurrent()
{
    if (!m_current || m_editing)
        return;
    try {
        acceptAnswer(m_store, m_current, m_reviewer->text());
        setStatus(tr("Answer %1 accepted.").arg(m_current));
        afterDecision();
    } catch (const std::exception &e) {
        setStatus(QString::fromUtf8(e.what()), true);
    }
}

void AnswerReviewDialog::edit()
{
    if (!m_current)
        return;
    if (!m_editing) {
        setEditing(true);
        m_answer->setFocus();
        setStatus(tr("Edit the answer, then Save edit. The teacher's original is kept."));
        return;
    }
    try {
        const qint64 id = m_current;
        editAnswer(m_store, id, m_answer->toPlainText(), m_reviewer->text());
        setEditing(false);
        setStatus(tr("Answer %1 saved as edited.").arg(id));
        afterDecision();
    } catch (const std::exception &e) {
        setStatus(QString::fromUtf8(e.what()), true);
    }
}

void AnswerReviewDialog::rejectCurrent()
{
    if (!m_current || m_editing)
        return;
    const QString reason = m_reason->currentText().trimmed();
    if (reason.isEmpty()) {
        m_reason->setFocus();
        setStatus(tr("Give a reason for the rejection, then press Reject (or Enter)."), true);
        return;
    }
    try {
        sd::rejectAnswer(m_store, m_current, reason, m_reviewer->text());
        setStatus(tr("Answer %1 rejected: %2").arg(m_current).arg(reason));
        afterDecision();
    } catch (const std::exception &e) {
        setStatus(QString::fromUtf8(e.what()), true);
    }
}

void AnswerReviewDialog::toggleFlag()
{
    if (!m_current)
        return;
    try {
        bool flagged = false;
        for (const AnswerFlag &f : m_store.answerFlags())
            flagged = flagged || f.answerId == m_current;
        if (flagged) {
            m_store.clearAnswerFlag(m_current);
        } else {
            AnswerFlag f;
            f.answerId = m_current;
            f.flaggedBy = m_reviewer->text().trimmed();
            f.reason = m_reason->currentText().trimmed();
            m_store.setAnswerFlag(f);
        }
        m_flag->setChecked(!flagged);
        updateProgress();
    } catch (const std::exception &e) {
        setStatus(QString::fromUtf8(e.what()), true);
    }
}

void AnswerReviewDialog::next()
{
    if (m_queue.empty() || m_editing)
        return;
    const auto it = std::find(m_queue.begin(), m_queue.end(), m_current);
    const size_t row = it == m_queue.end() ? 0 : size_t(it - m_queue.begin() + 1) % m_queue.size();
    selectAnswer(m_queue[row]);
}

} // namespace sd::ui
