#include "reviewpanel.h"

#include "agreementtable.h"
#include "consensus/independentannotation.h"
#include "widgets/displaynames.h"
#include "widgets/imageconvert.h"
#include "maskcompare.h"
#include "widgets/errorlabel.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <opencv2/core.hpp>

namespace sd::ui {

ReviewPanel::ReviewPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("reviewPanel"));
    m_who = new QLabel(this);
    m_who->setObjectName(QStringLiteral("reviewUser"));
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("reviewState"));
    m_state->setWordWrap(true);
    m_error = newErrorLabel(this, QStringLiteral("reviewError"));
    m_comment = new QPlainTextEdit(this);
    m_comment->setObjectName(QStringLiteral("reviewComment"));
    m_comment->setPlaceholderText(tr("Comment (required when requesting changes)"));
    m_comment->setMaximumHeight(70);
    m_submit = new QPushButton(tr("Submit for review"), this);
    m_approve = new QPushButton(tr("Approve"), this);
    m_approve->setObjectName(QStringLiteral("approveButton"));
    m_changes = new QPushButton(tr("Request changes"), this);
    m_changes->setObjectName(QStringLiteral("requestChangesButton"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_submit);
    buttons->addWidget(m_approve);
    buttons->addWidget(m_changes);

    m_reviews = new QListWidget(this);
    m_reviews->setObjectName(QStringLiteral("reviewHistory"));
    m_reviews->setWordWrap(true);
    m_versions = new QListWidget(this);
    m_versions->setObjectName(QStringLiteral("versionHistory"));
    m_restore = new QPushButton(tr("Restore selected version"), this);
    m_agreement = new QTreeWidget(this);
    m_agreement->setObjectName(QStringLiteral("agreementTable"));
    m_agreement->setRootIsDecorated(false);
    m_agreement->setHeaderLabels({tr("Structure"), tr("Annotator"), tr("Reviewer"), tr("Dice"), tr("IoU")});
    m_agreement->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_projectAgreement = new AgreementTable(this);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_who);
    layout->addWidget(m_state);
    layout->addWidget(m_comment);
    layout->addLayout(buttons);
    layout->addWidget(m_error);
    layout->addWidget(new QLabel(tr("Reviews"), this));
    layout->addWidget(m_reviews, 1);
    layout->addWidget(new QLabel(tr("Versions"), this));
    layout->addWidget(m_versions, 1);
    layout->addWidget(m_restore);
    layout->addWidget(new QLabel(tr("Annotator vs. reviewer (this frame)"), this));
    layout->addWidget(m_agreement, 1);
    layout->addWidget(m_projectAgreement, 1);

    connect(m_submit, &QPushButton::clicked, this, &ReviewPanel::submit);
    connect(m_approve, &QPushButton::clicked, this, &ReviewPanel::approve);
    connect(m_changes, &QPushButton::clicked, this, &ReviewPanel::requestChanges);
    connect(m_restore, &QPushButton::clicked, this, &ReviewPanel::restoreSelectedVersion);
    connect(m_versions, &QListWidget::currentRowChanged, this,
            [this](int row) { m_restore->setEnabled(row >= 0 && row + 1 < m_versions->count()); });
    refresh();
}

void ReviewPanel::setContext(ProjectStore *store, qint64 frameId, qint64 structureId, const UserIdentity &user)
{
    const bool sameMask = store == m_store && frameId == m_frameId && structureId == m_structureId;
    m_store = store;
    m_frameId = frameId;
    m_structureId = structureId;
    m_user = user;
    m_projectAgreement->setStore(store);
    if (!sameMask) {
        m_comment->clear();
        m_error->hide();
    }
    refresh();
}

qint64 ReviewPanel::maskId() const
{
    if (!m_store || !m_frameId || !m_structureId)
        return 0;
    const auto m = m_store->mask(m_frameId, m_structureId);
    return m ? m->id : 0;
}

bool ReviewPanel::independent() const
{
    return m_store && m_frameId && consensus::annotatesIndependently(*m_store, m_frameId, m_user);
}

std::vector<MaskVersion> ReviewPanel::shownHistory() const
{
    if (independent()) {
        const auto own = m_structureId ? m_store->annotation(m_frameId, m_structureId, m_user.name) : std::nullopt;
        return own ? m_store->annotationHistory(own->id) : std::vector<MaskVersion>{};
    }
    const qint64 id = maskId();
    return id ? m_store->maskHistory(id) : std::vector<MaskVersion>{};
}

void ReviewPanel::showHistory()
{
    for (const MaskVersion &v : shownHistory()) {
        auto *item = new QListWidgetItem(tr("v%1 · %2 · %3 · %4 px")
                                             .arg(v.version)
                                             .arg(v.author,
                                                  v.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                                             .arg(v.rle.area()));
        item->setData(Qt::UserRole, v.version);
        m_versions->addItem(item);
    }
    m_versions->setCurrentRow(m_versions->count() - 1);
    m_restore->setEnabled(false);
}

// The user's own annotation: no reference, no reviews, no one else's work in sight.
void ReviewPanel::refreshIndependent(const std::optional<Structure> &structure)
{
    const QString why = tr("The reviewer approves the reference mask merged from the independent annotations.");
    for (QPushButton *b : {m_approve, m_changes}) {
        b->setEnabled(false);
        b->setToolTip(why);
    }
    const auto own = structure ? m_store->annotation(m_frameId, m_structureId, m_user.name) : std::nullopt;
    m_submit->setEnabled(own && own->state == AnnotationState::Draft);
    m_restore->setEnabled(false);
    if (!structure) {
        m_state->setText(tr("Select a structure."));
        return;
    }
    if (!own) {
        m_state->setText(tr("%1: this frame is annotated independently. Draw your own mask; the reference and the "
                            "other annotations stay hidden until you submit.")
                             .arg(structureDisplayName(*structure)));
        return;
    }
    m_state->setText(tr("%1, your independent annotation, version %2: <b>%3</b>")
                         .arg(structureDisplayName(*structure))
                         .arg(own->version)
                         .arg(own->state == AnnotationState::Submitted ? tr("submitted (final)") : tr("draft")));
    showHistory();
}

QString ReviewPanel::stateText() const
{
    return m_state->text();
}

QString ReviewPanel::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void ReviewPanel::refresh()
{
    m_who->setText(tr("Working as <b>%1</b> (%2)")
                       .arg(m_user.name.toHtmlEscaped(),
                            m_user.role == UserRole::Reviewer ? tr("reviewer") : tr("annotator")));
    m_reviews->clear();
    m_versions->clear();
    m_agreement->clear();
    const qint64 id = maskId();
    std::optional<Structure> structure = m_store && m_structureId ? m_store->structure(m_structureId) : std::nullopt;
    if (independent()) {
        refreshIndependent(structure);
        return;
    }
    if (!id) {
        m_state->setText(structure ? tr("%1: no mask on this frame yet.").arg(structureDisplayName(*structure))
                                   : tr("Select a structure."));
        for (QPushButton *b : {m_submit, m_approve, m_changes, m_restore})
            b->setEnabled(false);
    } else {
        const Mask mask = *m_store->maskById(id);
        const ReviewState state = reviewState(*m_store, id);
        QString text = tr("%1, version %2 by %3: <b>%4</b>")
                           .arg(structureDisplayName(*structure))
                           .arg(mask.version)
                           .arg(mask.author.toHtmlEscaped(), reviewStateDisplayName(state));
        const QStringList partial = pendingApprovals(*m_store, id);
        if (state == ReviewState::Submitted && !partial.isEmpty())
            text += QStringLiteral("<br>") + tr("Approved by %1; a second, independent review is required.")
                                                 .arg(partial.join(QStringLiteral(", ")).toHtmlEscaped());
        m_state->setText(text);
        const auto latest = m_store->latestReview(id);
        const bool current = latest && latest->maskVersion == mask.version;
        m_submit->setEnabled(!(current && (state == ReviewState::Submitted || state == ReviewState::Approved)));
        QString whyNotApprove, whyNotChanges;
        const bool mayApprove = canApprove(*m_store, id, m_user, &whyNotApprove);
        const bool mayChange = canRequestChanges(*m_store, id, m_user, &whyNotChanges);
        m_approve->setEnabled(mayApprove);
        m_changes->setEnabled(mayChange);
        m_approve->setToolTip(mayApprove ? QString() : whyNotApprove);
        m_changes->setToolTip(mayChange ? QString() : whyNotChanges);
        for (const Review &r : m_store->reviews(id)) {
            QString line = tr("%1 · %2 · v%3: %4")
                               .arg(r.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")), r.reviewer)
                               .arg(r.maskVersion)
                               .arg(r.partialApproval ? tr("Approved (1 of 2)") : reviewStateDisplayName(r.state));
            if (!r.comment.isEmpty())
                line += QStringLiteral(" — ") + r.comment;
            m_reviews->addItem(line);
        }
        showHistory();
    }
    if (m_store && m_frameId) {
        for (const MaskAgreement &a : frameAgreement(*m_store, m_frameId)) {
            const auto s = m_store->structure(a.structureId);
            auto *item = new QTreeWidgetItem(m_agreement);
            item->setText(0, s ? structureDisplayName(*s) : QString::number(a.structureId));
            item->setText(1, QStringLiteral("%1 (v%2)").arg(a.annotator).arg(a.annotatorVersion));
            item->setText(2, a.reviewerEdited() ? QStringLiteral("%1 (v%2)").arg(a.reviewer).arg(a.reviewerVersion)
                                                : tr("unchanged"));
            item->setText(3, QString::number(a.dice, 'f', 3));
            item->setText(4, QString::number(a.iou, 'f', 3));
            item->setData(0, Qt::UserRole, a.structureId);
        }
    }
}

bool ReviewPanel::run(const std::function<void(qint64)> &step)
{
    Q_EMIT aboutToReview();
    const qint64 id = maskId();
    if (!id && !independent())
        return false;
    try {
        step(id);
    } catch (const std::exception &e) {
        m_error->setText(QString::fromUtf8(e.what()));
        m_error->show();
        refresh();
        return false;
    }
    m_error->hide();
    m_comment->clear();
    refresh();
    Q_EMIT reviewRecorded(id);
    return true;
}

bool ReviewPanel::submit()
{
    if (independent())
        return run([this](qint64) { consensus::submitAnnotation(*m_store, m_frameId, m_structureId, m_user); });
    return run([this](qint64 id) { submitForReview(*m_store, id, m_user, m_comment->toPlainText().trimmed()); });
}

bool ReviewPanel::approve()
{
    return run([this](qint64 id) { approveMask(*m_store, id, m_user, m_comment->toPlainText().trimmed()); });
}

bool ReviewPanel::requestChanges()
{
    return run([this](qint64 id) { sd::requestChanges(*m_store, id, m_user, m_comment->toPlainText().trimmed()); });
}

bool ReviewPanel::restoreSelectedVersion()
{
    QListWidgetItem *item = m_versions->currentItem();
    if (!m_store || !item)
        return false;
    const int version = item->data(Qt::UserRole).toInt();
    for (const MaskVersion &v : shownHistory()) {
        if (v.version == version) {
            Q_EMIT restoreRequested(m_structureId, matToQImage(v.rle.decode()), version);
            return true;
        }
    }
    return false;
}

} // namespace sd::ui
