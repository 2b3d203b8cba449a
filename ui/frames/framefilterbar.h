// Filters above the frame list: search by frame id, structure, review state,
// side and annotator. Emits the combined FrameFilter (core/projectstore.h)
// whenever one of them changes. "Suggested next" narrows the list to the frames
// the segmentation model ranked for labelling next, in its order.
#pragma once

#include "store/projectstore.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace sd::ui {

class FrameFilterBar : public QWidget {
    Q_OBJECT
public:
    explicit FrameFilterBar(QWidget *parent = nullptr);

    void setProject(const ProjectStore *store); // refills the choices, resets the filter
    void refreshAnnotators(const ProjectStore *store); // keeps the selection when still present
    FrameFilter filter() const;

    QLineEdit *idSearch() const { return m_id; }
    QComboBox *structureBox() const { return m_structure; }
    QComboBox *reviewStateBox() const { return m_state; }
    QComboBox *sideBox() const { return m_side; }
    QComboBox *annotatorBox() const { return m_annotator; }
    QCheckBox *suggestedBox() const { return m_suggested; }
    bool suggestedOnly() const;

Q_SIGNALS:
    void filterChanged(const sd::FrameFilter &filter);
    void suggestedOnlyChanged(bool on);

private:
    QLineEdit *m_id;
    QComboBox *m_structure;
    QComboBox *m_state;
    QComboBox *m_side;
    QComboBox *m_annotator;
    QCheckBox *m_suggested;
    bool m_updating = false;
};

} // namespace sd::ui
