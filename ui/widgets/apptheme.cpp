#include "apptheme.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>

namespace sd::ui {

void applyAppTheme(QApplication &app)
{
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x23, 0x25, 0x29), text(0xe4, 0xe6, 0xea);
    const QColor accent(0x3d, 0x7e, 0xc7);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x28, 0x2a, 0x2e));
    p.setColor(QPalette::ToolTipBase, QColor(0x36, 0x39, 0x3e));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x8f, 0x98));
    p.setColor(QPalette::Button, QColor(0x33, 0x36, 0x3b));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, accent.lighter(130));
    p.setColor(QPalette::Mid, QColor(0x1d, 0x1f, 0x22));
    p.setColor(QPalette::Dark, QColor(0x1a, 0x1b, 0x1e));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x7a, 0x7f, 0x88));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x7a, 0x7f, 0x88));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x7a, 0x7f, 0x88));
    app.setPalette(p);
    app.setStyleSheet(QStringLiteral(
        "QDockWidget::title { padding: 5px 8px; background: #25272b; }"
        "QToolBar { border: none; spacing: 2px; padding: 2px 6px; }"
        "QToolButton { padding: 3px 8px; }"
        "QToolButton:checked { background: #3d7ec7; color: white; border-radius: 3px; }"
        "QHeaderView::section { background: #2f3236; padding: 4px; border: none; }"
        "#frameListHeader { color: #b8bcc4; background: #25272b; }"));
}

} // namespace sd::ui
