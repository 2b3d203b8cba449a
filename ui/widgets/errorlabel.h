// The panels' line for a refused step (Review, Consensus, Issues): the reason in red,
// wrapped, hidden until there is one.
#pragma once

#include <QLabel>

namespace sd::ui {

inline QLabel *newErrorLabel(QWidget *parent, const QString &objectName = {})
{
    auto *label = new QLabel(parent);
    if (!objectName.isEmpty())
        label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("QLabel { color: #ff8a80; }"));
    label->hide();
    return label;
}

} // namespace sd::ui
