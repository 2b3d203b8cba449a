// "Generate teacher answers": choose the provider, preview the exact payload
// for one example, then run the resumable batch (TeacherBatch) with progress,
// counters and Cancel. Runs asynchronously on the GUI thread's event loop
// (the calls are network replies or next-turn offline answers), so the window
// stays responsive. A privacy-policy refusal stops the batch and is shown
// prominently.
#pragma once

#include <QDialog>
#include <memory>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace sd {
class ProjectStore;
class PrivacyFirewall;
class TeacherBatch;
class TeacherProvider;
} // namespace sd

namespace sd::ui {

class PayloadView;

class TeacherGenerateDialog : public QDialog {
    Q_OBJECT
public:
    explicit TeacherGenerateDialog(ProjectStore &store, QWidget *parent = nullptr);
    ~TeacherGenerateDialog() override;

    // For tests and scripting: the example the preview shows.
    void setPreviewExample(qint64 frameId, qint64 structureId);
    void setProvider(const QString &id, const QString &baseUrl = {}, const QString &model = {});
    void setLimit(int limit);                       // 0 = all
    bool isRunning() const;
    PayloadView *previewView() const { return m_preview; }
    QString statusText() const;
    QString countersText() const;

public Q_SLOTS:
    void showPreview();
    void run();
    void cancelRun();

Q_SIGNALS:
    void runFinished(bool cancelled);

protected:
    void reject() override;

private:
    std::unique_ptr<TeacherProvider> makeSelectedProvider(QString *error) const;
    void updateKeySource();
    void updateCounters();
    void setRunningUi(bool running);
    void setStatus(const QString &text, bool error);

    ProjectStore &m_store;
    QComboBox *m_provider = nullptr;
    QLineEdit *m_baseUrl = nullptr;
    QLineEdit *m_model = nullptr;
    QSpinBox *m_limit = nullptr;
    QDoubleSpinBox *m_pricePrompt = nullptr;
    QDoubleSpinBox *m_priceCompletion = nullptr;
    QLabel *m_keySource = nullptr;
    QSpinBox *m_frame = nullptr;
    QComboBox *m_structure = nullptr;
    QPushButton *m_previewButton = nullptr;
    PayloadView *m_preview = nullptr;
    QPushButton *m_runButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_counters = nullptr;
    QLabel *m_status = nullptr;
    QPlainTextEdit *m_log = nullptr;

    std::unique_ptr<PrivacyFirewall> m_firewall;
    std::unique_ptr<TeacherProvider> m_runProvider;
    std::unique_ptr<TeacherBatch> m_batch;
};

} // namespace sd::ui
