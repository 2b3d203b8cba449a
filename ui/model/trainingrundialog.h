// The "new training run" dialog: base model, data set, run folder, LoRA or full
// fine-tuning, frozen parts, optimiser settings and β for DPO, pre-filled with
// the paper's defaults (TrainingSettings::paperDefaults).
#pragma once

#include "trainingjob.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace sd::ui {

class TrainingRunDialog : public QDialog {
    Q_OBJECT
public:
    TrainingRunDialog(const TrainingSettings &initial, QWidget *parent = nullptr);

    TrainingSettings settings() const;

    void accept() override; // refuses settings with a problem() and says why

private:
    void setSettings(const TrainingSettings &s);
    void updateEnabled();

    QString m_kind;
    QLineEdit *m_model = nullptr;
    QLineEdit *m_data = nullptr;
    QLineEdit *m_runDir = nullptr;
    QComboBox *m_method = nullptr; // full / LoRA
    QSpinBox *m_loraRank = nullptr;
    QSpinBox *m_loraAlpha = nullptr;
    QDoubleSpinBox *m_loraDropout = nullptr;
    QCheckBox *m_freezeVision = nullptr;
    QCheckBox *m_freezeMerger = nullptr;
    QCheckBox *m_freezeLanguage = nullptr;
    QLineEdit *m_lr = nullptr;
    QSpinBox *m_epochs = nullptr;
    QSpinBox *m_batch = nullptr;
    QSpinBox *m_accum = nullptr;
    QDoubleSpinBox *m_warmup = nullptr;
    QDoubleSpinBox *m_weightDecay = nullptr;
    QDoubleSpinBox *m_beta = nullptr;
    QSpinBox *m_saveEvery = nullptr;
    QComboBox *m_dtype = nullptr;
    QLabel *m_problem = nullptr;
    TrainingSettings m_base; // keeps the keys the dialog does not show
};

} // namespace sd::ui
