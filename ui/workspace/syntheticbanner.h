// A banner above the frame view saying the frames are synthetic. It has no
// close button on purpose: nobody should mistake demo renderings for patient data.
#pragma once

#include <QFrame>

class QLabel;

namespace sd::ui {

class SyntheticBanner : public QFrame {
    Q_OBJECT
public:
    explicit SyntheticBanner(QWidget *parent = nullptr);
    QString text() const;

private:
    QLabel *m_text;
};

} // namespace sd::ui
