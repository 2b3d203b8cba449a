// The "Structures" dock: each structure with its display colour, a checkbox
// that shows or hides its mask layer, and whether the current frame has a mask
// of it (with the latest review state). The current row also picks the
// structure of the training composite. A slider sets the layers' opacity.
#pragma once

#include "entities.h"

#include <QWidget>
#include <map>
#include <vector>

class QSlider;
class QTreeWidget;
class QTreeWidgetItem;

namespace sd::ui {

class StructurePanel : public QWidget {
    Q_OBJECT
public:
    explicit StructurePanel(QWidget *parent = nullptr);

    void setStructures(const std::vector<Structure> &structures);
    // structureId -> status text for the structures present in the current frame.
    void setFrameStatus(const std::map<qint64, QString> &present);

    bool isStructureVisible(qint64 structureId) const;
    void setStructureVisible(qint64 structureId, bool visible);
    qint64 currentStructure() const; // 0 if none
    void setCurrentStructure(qint64 structureId);
    double layerOpacity() const;
    QTreeWidget *tree() const { return m_tree; }
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void visibilityChanged(qint64 structureId, bool visible);
    void currentStructureChanged(qint64 structureId);
    void layerOpacityChanged(double opacity);

private:
    QTreeWidgetItem *itemFor(qint64 structureId) const;

    QTreeWidget *m_tree;
    QSlider *m_opacity;
    bool m_updating = false;
};

} // namespace sd::ui
