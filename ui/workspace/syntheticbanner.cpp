#include "syntheticbanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>

namespace sd::ui {

SyntheticBanner::SyntheticBanner(QWidget *parent) : QFrame(parent), m_text(new QLabel(this))
{
    setObjectName(QStringLiteral("syntheticBanner"));
    setFrameShape(QFrame::NoFrame);
    setAutoFillBackground(true);
    setStyleSheet(QStringLiteral("#syntheticBanner { background: #f2c14e; border-bottom: 1px solid #c99a2e; }"
                                 "#syntheticBanner QLabel { color: #2b2100; }"));
    auto *icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(18, 18));
    m_text->setText(tr("<b>Synthetic demo frames — not patient data.</b> Rendered for trying out the workflow; "
                       "not for clinical use."));
    m_text->setTextFormat(Qt::RichText);
    m_text->setWordWrap(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 5, 10, 5);
    layout->setSpacing(8);
    layout->addWidget(icon);
    layout->addWidget(m_text, 1);
}

QString SyntheticBanner::text() const
{
    return m_text->text();
}

} // namespace sd::ui
