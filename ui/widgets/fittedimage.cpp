#include "fittedimage.h"

#include <QPainter>
#include <QRegularExpression>

namespace sd::ui {

FittedImage::FittedImage(QWidget *parent) : QWidget(parent)
{
    setMinimumSize(240, 190);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void FittedImage::setImage(const QImage &image, const QString &placeholder)
{
    m_image = image;
    m_placeholder = placeholder;
    update();
}

void FittedImage::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), QColor(0x1a, 0x1b, 0x1e));
    if (m_image.isNull()) {
        p.setPen(palette().color(QPalette::Disabled, QPalette::WindowText));
        p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }
    const QSize s = m_image.size().scaled(size(), Qt::KeepAspectRatio);
    const QRect target(QPoint((width() - s.width()) / 2, (height() - s.height()) / 2), s);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(target, m_image);
}

QString wordDiffHtml(const QString &diffMarkup)
{
    static const QRegularExpression token(QStringLiteral("\\[-(.*?)-\\]|\\{\\+(.*?)\\+\\}|(\\S+)"));
    QStringList out;
    for (auto it = token.globalMatch(diffMarkup); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedLength(1) || m.captured(0).startsWith(QLatin1String("[-")))
            out << QStringLiteral("<span style=\"color:#ff8a80;text-decoration:line-through\">%1</span>")
                       .arg(m.captured(1).toHtmlEscaped());
        else if (m.capturedLength(2) || m.captured(0).startsWith(QLatin1String("{+")))
            out << QStringLiteral("<span style=\"color:#9be39b;font-weight:600\">%1</span>")
                       .arg(m.captured(2).toHtmlEscaped());
        else
            out << m.captured(3).toHtmlEscaped();
    }
    return out.join(QLatin1Char(' '));
}

} // namespace sd::ui
