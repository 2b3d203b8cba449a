#include "conflictnotice.h"

#include "store/projectstore.h"
#include "widgets/displaynames.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStringList>
#include <QStyle>
#include <QToolButton>

namespace sd::ui {

ConflictNotice::ConflictNotice(QWidget *parent) : QFrame(parent), m_text(new QLabel(this))
{
    setObjectName(QStringLiteral("conflictNotice"));
    setAutoFillBackground(true);
    setStyleSheet(QStringLiteral("#conflictNotice { background: #fde8c8; border-bottom: 1px solid #d08a2b; }"
                                 "#conflictNotice QLabel { color: #3a2300; }"));
    auto *icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxInformation).pixmap(18, 18));
    m_text->setTextFormat(Qt::RichText);
    m_text->setWordWrap(true);
    m_history = new QPushButton(tr("Compare versions"), this);
    m_history->setObjectName(QStringLiteral("conflictShowHistory"));
    auto *close = new QToolButton(this);
    close->setObjectName(QStringLiteral("conflictClose"));
    close->setAutoRaise(true);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setToolTip(tr("Close this notice"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 5, 6, 5);
    layout->setSpacing(8);
    layout->addWidget(icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_history);
    layout->addWidget(close);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    connect(m_history, &QPushButton::clicked, this,
            [this] { Q_EMIT showHistoryRequested(m_frameId, m_structureId); });
    hide();
}

void ConflictNotice::showConflict(const ProjectStore &store, qint64 frameId, qint64 structureId, int version)
{
    m_frameId = frameId;
    m_structureId = structureId;
    const auto s = store.structure(structureId);
    const QString structure = s ? structureDisplayName(*s) : QString::number(structureId);
    // The versions saved between the one this edit started from and ours are the colleagues' work.
    QStringList others;
    const int theirs = version - 1;
    if (const auto mask = store.mask(frameId, structureId)) {
        const int base = mask->basedOn.value_or(0);
        for (const MaskVersion &v : store.maskHistory(mask->id))
            if (v.version > base && v.version < version && !others.contains(v.author))
                others << v.author.toHtmlEscaped();
    }
    const QString other = others.isEmpty() ? tr("someone else") : others.join(QStringLiteral(", "));
    m_text->setText(tr("<b>Edited at the same time:</b> %1 saved the %2 mask of frame %3 while you were drawing. "
                       "Both are kept — theirs is version %4, yours is version %5 and is now the current one.")
                        .arg(other, structure.toHtmlEscaped())
                        .arg(frameId)
                        .arg(theirs)
                        .arg(version));
    show();
}

QString ConflictNotice::text() const
{
    return m_text->text();
}

} // namespace sd::ui
