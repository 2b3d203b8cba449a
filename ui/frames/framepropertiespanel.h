// The "Frame properties" dock: facts about the selected frame, and two
// choosers to correct its side and CME phase (MainWindow stores the change).
#pragma once

#include "entities.h"

#include <QWidget>
#include <optional>

class QComboBox;
class QLabel;

namespace sd::ui {

class FramePropertiesPanel : public QWidget {
    Q_OBJECT
public:
    explicit FramePropertiesPanel(QWidget *parent = nullptr);

    void setFrame(const Frame &frame, const std::optional<Video> &video, int maskCount);
    void clear();
    QString valueText(const QString &field) const; // "frame", "side", "phase", "video", "timestamp", ...
    QComboBox *sideEditor() const { return m_sideEdit; }
    QComboBox *phaseEditor() const { return m_phaseEdit; }

Q_SIGNALS:
    void sideEdited(sd::Side side);
    void phaseEdited(const QString &phase);

private:
    QLabel *addRow(const QString &field, const QString &label);

    std::vector<std::pair<QString, QLabel *>> m_values;
    QComboBox *m_sideEdit;
    QComboBox *m_phaseEdit;
    bool m_updating = false;
};

} // namespace sd::ui
