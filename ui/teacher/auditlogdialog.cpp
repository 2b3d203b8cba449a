#include "auditlogdialog.h"

#include "auditexport.h"
#include "payloadview.h"
#include "store/projectstore.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sd::ui {

AuditLogDialog::AuditLogDialog(ProjectStore &store, QWidget *parent) : QDialog(parent), m_store(store)
{
    setObjectName(QStringLiteral("auditLogDialog"));
    setWindowTitle(tr("Audit log"));
    resize(1300, 800);
    auto *layout = new QVBoxLayout(this);

    auto *top = new QHBoxLayout;
    m_count = new QLabel(this);
    auto *verify = new QPushButton(tr("&Verify chain"), this);
    verify->setObjectName(QStringLiteral("verifyButton"));
    verify->setAutoDefault(false);
    auto *exportButton = new QPushButton(tr("&Export…"), this);
    exportButton->setObjectName(QStringLiteral("exportButton"));
    exportButton->setAutoDefault(false);
    auto *refresh = new QPushButton(tr("Re&load"), this);
    refresh->setAutoDefault(false);
    top->addWidget(m_count, 1);
    top->addWidget(refresh);
    top->addWidget(verify);
    top->addWidget(exportButton);
    layout->addLayout(top);
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("verifyResult"));
    m_result->setWordWrap(true);
    layout->addWidget(m_result);

    auto *split = new QSplitter(Qt::Vertical, this);
    m_table = new QTableWidget(0, 6, split);
    m_table->setObjectName(QStringLiteral("auditTable"));
    m_table->setHorizontalHeaderLabels({tr("Time"), tr("User"), tr("Action"), tr("Destination"), tr("SHA-256"),
                                        tr("Size")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_payload = new PayloadView(split);
    split->setSizes({420, 340});
    layout->addWidget(split, 1);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(close);

    connect(refresh, &QPushButton::clicked, this, &AuditLogDialog::reload);
    connect(verify, &QPushButton::clicked, this, &AuditLogDialog::verifyChain);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        QString filter;
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export audit log"), QDir::home().filePath(QStringLiteral("audit-log.jsonl")),
            tr("JSON lines with payloads (*.jsonl);;CSV without payloads (*.csv)"), &filter);
        if (path.isEmpty())
            return;
        const QString error = exportTo(path);
        if (!error.isEmpty())
            QMessageBox::warning(this, tr("Export audit log"), error);
    });
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) { showEntry(row); });
    reload();
}

QString AuditLogDialog::verifyResultText() const
{
    return m_result->text();
}

void AuditLogDialog::reload()
{
    m_entries = m_store.auditLog();
    m_count->setText(tr("Entries: %1 (oldest first)").arg(m_entries.size()));
    const QSignalBlocker block(m_table);
    m_table->setRowCount(int(m_entries.size()));
    for (int row = 0; row < int(m_entries.size()); ++row) {
        const AuditEntry &e = m_entries[size_t(row)];
        const QStringList cells{QLocale().toString(e.time.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                                e.user,
                                e.action,
                                e.destination,
                                QString::fromLatin1(e.payloadSha256),
                                QLocale().toString(qint64(e.payload.size()))};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (c == 4)
                item->setToolTip(cells[c]);
            if (c == 5)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (e.id == m_broken)
                item->setBackground(QColor(0x7a, 0x22, 0x22));
            m_table->setItem(row, c, item);
        }
    }
    m_table->resizeColumnsToContents();
    m_table->setColumnWidth(4, 180);
    if (!m_entries.empty() && m_table->currentRow() < 0)
        m_table->setCurrentCell(0, 0);
    showEntry(m_table->currentRow());
}

void AuditLogDialog::showEntry(int row)
{
    if (row < 0 || row >= int(m_entries.size())) {
        m_payload->clear();
        return;
    }
    const AuditEntry &e = m_entries[size_t(row)];
    m_payload->setPayload(e.destination.isEmpty() ? tr("(no destination: %1)").arg(e.action) : e.destination,
                          e.payload, e.payloadSha256);
}

bool AuditLogDialog::verifyChain()
{
    const AuditCheck check = m_store.checkAuditLog();
    m_broken = check.brokenAt;
    reload(); // show the rows as they are stored now
    if (!check.intact()) {
        m_result->setStyleSheet(QStringLiteral("QLabel { color: white; background: #a32f2f; padding: 6px; "
                                               "font-weight: 600; }"));
        QString what;
        switch (check.problem) {
        case AuditProblem::EntryAltered:
            what = tr("✗ The audit log is BROKEN at entry %1: it was altered, or an entry before it was removed.")
                       .arg(check.brokenAt);
            break;
        case AuditProblem::AnchorMismatch:
            what = tr("✗ The audit log is BROKEN: it holds %1 entries but its anchor records %2 (entries were "
                      "removed or added outside SurgDistill).").arg(check.entries).arg(check.expected);
            break;
        case AuditProblem::ChangedSinceVerified:
            what = tr("✗ The audit log is BROKEN: this computer verified %1 entries earlier, and they are no "
                      "longer there unchanged (the log was shortened or rewritten).").arg(check.expected);
            break;
        case AuditProblem::None:
            break;
        }
        m_result->setText(what + QLatin1Char(' ')
                          + tr("Keep this project as it is and tell your data-protection officer."));
        for (int row = 0; row < int(m_entries.size()); ++row)
            if (m_entries[size_t(row)].id == m_broken)
                m_table->setCurrentCell(row, 0);
        return false;
    }
    m_result->setStyleSheet(QStringLiteral("QLabel { color: white; background: #2e7d32; padding: 6px; "
                                           "font-weight: 600; }"));
    m_result->setText(tr("✓ Intact: the hash chain and every payload's SHA-256 verified (entries: %1).")
                          .arg(m_entries.size()));
    return true;
}

QString AuditLogDialog::exportTo(const QString &path)
{
    const std::vector<AuditEntry> entries = m_store.auditLog();
    return QFileInfo(path).suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0
        ? writeAuditCsv(entries, path)
        : writeAuditJsonl(entries, path);
}

} // namespace sd::ui
