#include "agreementtable.h"

#include "consensus/agreementreport.h"
#include "store/projectstore.h"
#include "widgets/displaynames.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sd::ui {

namespace {
QString kindName(consensus::AgreementKind k)
{
    switch (k) {
    case consensus::AgreementKind::Reference: return AgreementTable::tr("vs. reference");
    case consensus::AgreementKind::Honeypot: return AgreementTable::tr("honeypot");
    case consensus::AgreementKind::Pairwise: break;
    }
    return AgreementTable::tr("pairwise");
}
} // namespace

AgreementTable::AgreementTable(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("projectAgreement"));
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_update = new QPushButton(tr("Update"), this);
    m_update->setObjectName(QStringLiteral("updateAgreementButton"));
    m_table = new QTreeWidget(this);
    m_table->setObjectName(QStringLiteral("projectAgreementTable"));
    m_table->setRootIsDecorated(false);
    m_table->setHeaderLabels({tr("Structure"), tr("Kind"), tr("Annotator(s)"), tr("Frames"), tr("Mean Dice"),
                              tr("Min"), tr("Max")});
    m_table->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Annotator agreement (project)"), this), 1);
    top->addWidget(m_update);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    connect(m_update, &QPushButton::clicked, this, &AgreementTable::update);
    setStore(nullptr);
}

void AgreementTable::setStore(const ProjectStore *store)
{
    if (store == m_store && store)
        return;
    m_store = store;
    m_table->clear();
    m_update->setEnabled(store);
    m_summary->setText(tr("Press Update to compare the submitted independent annotations."));
}

void AgreementTable::update()
{
    m_table->clear();
    if (!m_store)
        return;
    try {
        const consensus::AgreementReport report = consensus::agreementReport(*m_store);
        m_summary->setText(tr("%1 submitted annotation(s) on %2 frame(s) by %3 annotator(s); %4 honeypot frame(s), "
                              "%5 honeypot result(s).")
                               .arg(report.submittedAnnotations)
                               .arg(report.framesWithAnnotations)
                               .arg(report.annotators.size())
                               .arg(report.honeypotFrames)
                               .arg(report.honeypotResults));
        for (const consensus::AgreementRow &r : report.rows) {
            auto *item = new QTreeWidgetItem(m_table);
            const auto s = m_store->structure(r.structureId);
            item->setText(0, s ? structureDisplayName(*s) : r.structureKey);
            item->setText(1, kindName(r.kind));
            item->setText(2, r.otherAnnotator.isEmpty() ? r.annotator
                                                        : QStringLiteral("%1 / %2").arg(r.annotator, r.otherAnnotator));
            item->setText(3, QString::number(r.count));
            item->setText(4, QString::number(r.meanDice, 'f', 3));
            item->setText(5, QString::number(r.minDice, 'f', 3));
            item->setText(6, QString::number(r.maxDice, 'f', 3));
        }
    } catch (const std::exception &e) {
        m_summary->setText(QString::fromUtf8(e.what()));
    }
}

} // namespace sd::ui
