#include "payloadview.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace sd::ui {

PayloadView::PayloadView(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *form = new QFormLayout;
    m_destination = new QLabel(this);
    m_destination->setObjectName(QStringLiteral("payloadDestination"));
    m_destination->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_destination->setWordWrap(true);
    m_sha = new QLabel(this);
    m_sha->setObjectName(QStringLiteral("payloadSha256"));
    m_sha->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sha->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    form->addRow(tr("Destination:"), m_destination);
    form->addRow(tr("SHA-256:"), m_sha);
    layout->addLayout(form);
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("payloadText"));
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    layout->addWidget(m_text, 1);
}

void PayloadView::setPayload(const QString &destination, const QByteArray &payload, const QByteArray &sha256Hex)
{
    m_payload = payload;
    m_destination->setText(destination + QStringLiteral("  ·  ")
                           + tr("%1 bytes").arg(QLocale().toString(qint64(payload.size()))));
    m_sha->setText(QString::fromLatin1(sha256Hex));
    // Payloads are UTF-8 text (JSON or the offline prompt); shown as they are, nothing reformatted.
    m_text->setPlainText(QString::fromUtf8(payload));
}

void PayloadView::clear()
{
    m_payload.clear();
    m_destination->clear();
    m_sha->clear();
    m_text->clear();
}

QString PayloadView::shownText() const
{
    return m_text->toPlainText();
}

QString PayloadView::destinationText() const
{
    return m_destination->text();
}

QString PayloadView::sha256Text() const
{
    return m_sha->text();
}

} // namespace sd::ui
