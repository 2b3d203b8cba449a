// Asks how far a mask should follow the video: the number of following frames (a
// spin box), and, when some of them already have a mask of the structure, whether
// to skip those (the default) or overwrite them with a new version.
#pragma once

#include <QDialog>
#include <QString>
#include <vector>

class QLabel;
class QRadioButton;
class QSpinBox;

namespace sd::ui {

class PropagateDialog : public QDialog {
    Q_OBJECT
public:
    // occupied[i]: following frame i (in time order) already has a mask of the structure.
    PropagateDialog(const QString &structureName, qint64 frameId, const std::vector<bool> &occupied,
                    int initialCount, QWidget *parent = nullptr);

    int count() const;
    bool overwrite() const; // only when some of the chosen frames have a mask
    int occupiedWithin(int count) const;

private:
    void updateOccupied();

    std::vector<bool> m_occupied;
    QSpinBox *m_count;
    QLabel *m_occupiedLabel;
    QRadioButton *m_skip;
    QRadioButton *m_overwrite;
};

} // namespace sd::ui
