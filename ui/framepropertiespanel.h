// The "Frame properties" dock: read-only facts about the selected frame.
#pragma once

#include "entities.h"

#include <QWidget>
#include <optional>

class QLabel;

namespace sd::ui {

class FramePropertiesPanel : public QWidget {
    Q_OBJECT
public:
    explicit FramePropertiesPanel(QWidget *parent = nullptr);

    void setFrame(const Frame &frame, const std::optional<Video> &video, int maskCount);
    void clear();
    QString valueText(const QString &field) const; // "frame", "side", "phase", "video", "timestamp", ...

private:
    QLabel *addRow(const QString &field, const QString &label);

    std::vector<std::pair<QString, QLabel *>> m_values;
};

} // namespace sd::ui
