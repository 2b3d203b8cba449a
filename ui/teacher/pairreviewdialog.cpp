#include "pairreviewdialog.h"

#include "currentuser.h"
#include "teacher/pairreview.h"

#include "dataset/datasetexport.h"
#include "widgets/displaynames.h"
#include "widgets/fittedimage.h"
#include "store/projectstore.h"
#include "teacheroverlay.h"
#include "teacher/pairreview.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace sd::ui {

namespace {
QString statusName(PairStatus status)
{
    switch (status) {
    case PairStatus::Proposed: return PairReviewDialog::tr("proposed");
    case PairStatus::Approved: return PairReviewDialog::tr("approved");
    case PairStatus::Discarded: return PairReviewDialog::tr("discarded");
    }
    return {};
}

// The filter combo's item data: the status as an int, nothing for "All".
QVariant filterData(std::optional<PairStatus> status)
{
    return status ? QVariant(int(*status)) : QVariant();
}
} // namespace

int importPreferencePairsWithMessage(QWidget *parent, ProjectStore &store, const QString &path)
{
    try {
        const int n = importDpoJsonl(store, path);
        QMessageBox::information(parent, PairReviewDialog::tr("Import preference pairs"),
                                 PairReviewDialog::tr("Imported %n pair(s) from %1 for review.", nullptr, n)
                                     .arg(QDir::toNativeSeparators(path)));
        return n;
    } catch (const std::exception &e) {
        QMessageBox::warning(parent, PairReviewDialog::tr("Import preference pairs"),
                             PairReviewDialog::tr("Nothing was imported from %1:\n%2")
                                 .arg(QDir::toNativeSeparators(path), QString::fromUtf8(e.what())));
        return 0;
    }
}

PairReviewDialog::PairReviewDialog(ProjectStore &store, QWidget *parent) : QDialog(parent), m_store(store)
{
    setObjectName(QStringLiteral("pairReviewDialog"));
    setWindowTitle(tr("Review preference pairs"));
    resize(1400, 860);
    auto *layout = new QVBoxLayout(this);

    auto *top = new QHBoxLayout;
    m_filter = new QComboBox(this);
    m_filter->setObjectName(QStringLiteral("pairFilterCombo"));
    m_filter->addItem(tr("Proposed"), filterData(PairStatus::Proposed));
    m_filter->addItem(tr("Approved"), filterData(PairStatus::Approved));
    m_filter->addItem(tr("Discarded"), filterData(PairStatus::Discarded));
    m_filter->addItem(tr("All"), filterData(std::nullopt));
    m_counts = new QLabel(this);
    m_counts->setObjectName(QStringLiteral("pairCounts"));
    auto *import = new QPushButton(tr("Import JSONL…"), this);
    import->setObjectName(QStringLiteral("importPairsButton"));
    import->setAutoDefault(false);
    top->addWidget(new QLabel(tr("Show:"), this));
    top->addWidget(m_filter);
    top->addSpacing(16);
    top->addWidget(m_counts, 1);
    top->addWidget(import);
    layout->addLayout(top);

    auto *split = new QSplitter(Qt::Horizontal, this);
    m_list = new QListWidget(split);
    m_list->setObjectName(QStringLiteral("pairList"));
    m_list->setMinimumWidth(220);
    m_list->setWordWrap(true);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *main = new QWidget(split);
    auto *ml = new QVBoxLayout(main);
    ml->setContentsMargins(6, 0, 0, 0);
    auto *upper = new QHBoxLayout;
    m_image = new FittedImage(main);
    m_image->setObjectName(QStringLiteral("pairOverlay"));
    auto *info = new QVBoxLayout;
    m_question = new QLabel(main);
    m_question->setObjectName(QStringLiteral("pairQuestion"));
    m_question->setWordWrap(true);
    m_question->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_question->setStyleSheet(QStringLiteral("QLabel { font-weight: 600; }"));
    m_state = new QLabel(main);
    m_state->setObjectName(QStringLiteral("pairState"));
    m_state->setWordWrap(true);
    m_reason = new QLabel(main);
    m_reason->setObjectName(QStringLiteral("pairReason"));
    m_reason->setWordWrap(true);
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    info->addWidget(m_question);
    info->addWidget(m_state);
    info->addWidget(m_reason);
    info->addStretch(1);
    upper->addWidget(m_image, 3);
    upper->addLayout(info, 2);
    ml->addLayout(upper, 3);

    auto *sides = new QHBoxLayout;
    auto makeSide = [&](const QString &title, const char *name, const QString &colour) {
        auto *box = new QGroupBox(title, main);
        box->setStyleSheet(QStringLiteral("QGroupBox { font-weight: 600; color: %1; }").arg(colour));
        auto *l = new QVBoxLayout(box);
        auto *text = new QTextBrowser(box);
        text->setObjectName(QLatin1String(name));
        l->addWidget(text);
        sides->addWidget(box);
        return text;
    };
    m_chosen = makeSide(tr("Chosen (preferred)"), "chosenText", QStringLiteral("#9be39b"));
    m_rejected = makeSide(tr("Rejected"), "rejectedText", QStringLiteral("#ff8a80"));
    ml->addLayout(sides, 2);

    auto *buttons = new QHBoxLayout;
    auto makeButton = [&](const QString &text, const char *name, const QString &tip) {
        auto *b = new QPushButton(text, main);
        b->setObjectName(QLatin1String(name));
        b->setToolTip(tip);
        b->setAutoDefault(false);
        buttons->addWidget(b);
        return b;
    };
    m_approve = makeButton(tr("Approve"), "approveButton", tr("The teacher's choice is right (A)"));
    m_swap = makeButton(tr("Swap and approve"), "swapButton",
                        tr("The rejected answer is the better one: exchange them and approve (S)"));
    m_discard = makeButton(tr("Discard"), "discardButton", tr("Neither is a useful preference (D)"));
    buttons->addStretch(1);
    ml->addLayout(buttons);
    m_status = new QLabel(main);
    m_status->setObjectName(QStringLiteral("pairStatus"));
    m_status->setWordWrap(true);
    ml->addWidget(m_status);
    split->setStretchFactor(1, 1);
    split->setSizes({240, 1100});
    layout->addWidget(split, 1);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(close);

    connect(m_approve, &QPushButton::clicked, this, &PairReviewDialog::approve);
    connect(m_swap, &QPushButton::clicked, this, &PairReviewDialog::swap);
    connect(m_discard, &QPushButton::clicked, this, &PairReviewDialog::discard);
    new QShortcut(QKeySequence(Qt::Key_A), this, this, &PairReviewDialog::approve);
    new QShortcut(QKeySequence(Qt::Key_S), this, this, &PairReviewDialog::swap);
    new QShortcut(QKeySequence(Qt::Key_D), this, this, &PairReviewDialog::discard);
    connect(m_filter, &QComboBox::currentIndexChanged, this, [this] { reload(); });
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) { showPair(row); });
    connect(import, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import preference pairs"), QDir::homePath(),
                                                          tr("DPO JSON lines (*.jsonl);;All files (*)"));
        if (!path.isEmpty())
            importJsonl(path);
    });
    reload();
}

void PairReviewDialog::setStatusFilter(std::optional<PairStatus> status)
{
    m_filter->setCurrentIndex(std::max(0, m_filter->findData(filterData(status))));
}

std::optional<PairStatus> PairReviewDialog::statusFilter() const
{
    const QVariant data = m_filter->currentData();
    if (!data.isValid())
        return std::nullopt;
    return PairStatus(data.toInt());
}

QString PairReviewDialog::chosenText() const
{
    return m_chosen->toPlainText();
}

QString PairReviewDialog::rejectedText() const
{
    return m_rejected->toPlainText();
}

QString PairReviewDialog::statusText() const
{
    return m_status->text();
}

void PairReviewDialog::setStatus(const QString &text, bool error)
{
    m_status->setStyleSheet(error ? QStringLiteral("QLabel { color: #ff8a80; font-weight: 600; }") : QString());
    m_status->setText(text);
}

void PairReviewDialog::importJsonl(const QString &path)
{
    if (importPreferencePairsWithMessage(this, m_store, path) > 0)
        reload();
}

void PairReviewDialog::reload()
{
    const qint64 keep = m_current;
    m_pairs = m_store.preferencePairs(statusFilter());
    int proposed = 0, approved = 0, discarded = 0;
    for (const PreferencePair &p : m_store.preferencePairs()) {
        proposed += p.status == PairStatus::Proposed;
        approved += p.status == PairStatus::Approved;
        discarded += p.status == PairStatus::Discarded;
    }
    m_counts->setText(tr("%1 proposed · %2 approved · %3 discarded").arg(proposed).arg(approved).arg(discarded));
    int row = m_pairs.empty() ? -1 : 0;
    {
        const QSignalBlocker block(m_list);
        m_list->clear();
        for (size_t i = 0; i < m_pairs.size(); ++i) {
            const PreferencePair &p = m_pairs[i];
            const auto s = m_store.structure(p.structureId);
            m_list->addItem(tr("#%1  Frame %2 · %3\n%4")
                                .arg(p.id)
                                .arg(p.frameId)
                                .arg(s ? structureDisplayName(*s) : QString(), statusName(p.status)));
            if (p.id == keep)
                row = int(i);
        }
        m_list->setCurrentRow(row);
    }
    showPair(row);
}

void PairReviewDialog::showPair(int index)
{
    const bool any = index >= 0 && index < int(m_pairs.size());
    for (QPushButton *b : {m_approve, m_swap, m_discard})
        b->setEnabled(any);
    if (!any) {
        m_current = 0;
        m_question->setText(m_store.preferencePairs().empty()
                                ? tr("No preference pairs yet. Import them from JSONL until a trained model "
                                     "proposes its own.")
                                : tr("No pairs in this list"));
        m_state->clear();
        m_reason->clear();
        m_chosen->clear();
        m_rejected->clear();
        m_image->setImage({});
        return;
    }
    const PreferencePair &p = m_pairs[size_t(index)];
    m_current = p.id;
    const auto structure = m_store.structure(p.structureId);
    m_question->setText(tr("Frame %1 · %2\nQuestion: %3")
                            .arg(p.frameId)
                            .arg(structure ? structureDisplayName(*structure) : QString(), p.prompt));
    m_state->setText(p.reviewer.isEmpty() ? tr("Status: %1").arg(statusName(p.status))
                                          : tr("Status: %1 by %2").arg(statusName(p.status), p.reviewer));
    m_reason->setText(tr("Teacher's reason: %1").arg(p.reason.isEmpty() ? tr("(none given)") : p.reason));
    m_chosen->setPlainText(p.chosen);
    m_rejected->setPlainText(p.rejected);
    QString error;
    m_image->setImage(teacherOverlayImage(m_store, p.frameId, p.structureId, &error), error);
}

bool PairReviewDialog::selectPair(qint64 pairId)
{
    for (size_t i = 0; i < m_pairs.size(); ++i)
        if (m_pairs[i].id == pairId) {
            m_list->setCurrentRow(int(i));
            return true;
        }
    return false;
}

void PairReviewDialog::decide(Decision decision)
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= int(m_pairs.size()))
        return;
    const qint64 id = m_pairs[size_t(row)].id;
    const QString reviewer = currentUserName();
    PreferencePair p;
    try {
        switch (decision) {
        case Decision::Approve:
            p = approvePair(m_store, id, reviewer);
            setStatus(tr("Pair %1 approved.").arg(id));
            break;
        case Decision::Swap:
            p = swapAndApprovePair(m_store, id, reviewer);
            setStatus(tr("Pair %1 swapped and approved.").arg(id));
            break;
        case Decision::Discard:
            p = discardPair(m_store, id, {}, reviewer);
            setStatus(tr("Pair %1 discarded.").arg(id));
            break;
        }
    } catch (const std::exception &e) {
        setStatus(QString::fromUtf8(e.what()), true);
        return;
    }
    // Keep the position in the list: the next pair takes this row when the pair leaves the filter.
    const qint64 next = row + 1 < int(m_pairs.size()) ? m_pairs[size_t(row + 1)].id : 0;
    const std::optional<PairStatus> filter = statusFilter();
    const bool stays = !filter || *filter == p.status;
    m_current = stays ? p.id : (next ? next : 0);
    reload();
}

void PairReviewDialog::approve()
{
    decide(Decision::Approve);
}

void PairReviewDialog::swap()
{
    decide(Decision::Swap);
}

void PairReviewDialog::discard()
{
    decide(Decision::Discard);
}

} // namespace sd::ui
