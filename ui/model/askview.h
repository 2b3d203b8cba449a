// "Ask the model": a frame with a structure's mask (or a quickly drawn region)
// overlaid exactly as in training, a question (template or typed), a model
// folder; the answer streams in beside the picture while the UI stays live,
// can be stopped, and can be saved to the project with model and settings.
// A structure without a mask on the frame is offered when the project has a
// segmentation model: its proposed mask is shown, marked as the model's, and can
// be kept as a model draft (to edit and submit in the annotation view).
#pragma once

#include <QRect>
#include <QWidget>

#include <opencv2/core.hpp>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace sd {
class ProjectStore;
}

namespace sd::ui {

class ModelPicker;
class RegionImageWidget;
class VlmWorker;

class AskView : public QWidget {
    Q_OBJECT
public:
    explicit AskView(QWidget *parent = nullptr);
    ~AskView() override;

    void setProject(ProjectStore *store); // not owned
    bool setFrame(qint64 frameId);
    qint64 frameId() const { return m_frameId; }
    // A structure with a mask on the current frame; false if it has none.
    bool setStructure(qint64 structureId);
    qint64 structureId() const;          // 0 when a drawn region is used
    void setRegion(const QRect &imageRect); // use a drawn rectangle instead of a structure
    void setQuestion(const QString &question);
    QString question() const;
    void setModelDir(const QString &dir);
    void setMaxNewTokens(int tokens);

    // Starts generating (returns at once); false with a message in the status line
    // when something is missing.
    bool ask();
    void stop();
    bool isGenerating() const;
    QString answerText() const;
    // Stores the finished answer; returns its id, 0 when there is nothing to save.
    qint64 saveAnswer();

    QImage overlayImage() const;          // what the model sees
    QString statusText() const;
    bool showsModelProposal() const { return !m_proposalModel.isEmpty(); }
    // Saves the shown model proposal as a draft (origin: model); false when there is none.
    bool keepProposal();

Q_SIGNALS:
    void answerChunk(const QString &piece);
    void generationFinished(bool cancelled);
    void generationFailed(const QString &message);

private:
    void fillFrames();
    void fillStructures();
    void fillQuestions();
    void updateOverlay();
    void updateButtons();
    void setStatus(const QString &text);

    ProjectStore *m_store = nullptr;
    qint64 m_frameId = 0;
    QRect m_region;      // the drawn region, image pixels
    cv::Mat m_mask;      // the mask shown (structure or region), frame size
    cv::Mat m_composite; // BGR composite the model gets
    QString m_proposalModel; // the model that proposed the mask shown; empty for a person's mask
    QString m_answer;
    QString m_answerModel;
    QString m_modelDescription;
    bool m_answerComplete = false;
    bool m_answerStopped = false; // ended by Stop: saved answers say so

    RegionImageWidget *m_image = nullptr;
    QComboBox *m_frames = nullptr;
    QComboBox *m_structures = nullptr;
    QPushButton *m_drawButton = nullptr;
    QPushButton *m_keepButton = nullptr;
    QComboBox *m_question = nullptr;
    ModelPicker *m_model = nullptr;
    QSpinBox *m_maxTokens = nullptr;
    QPushButton *m_askButton = nullptr;
    QPushButton *m_stopButton = nullptr;
    QPushButton *m_saveButton = nullptr;
    QPlainTextEdit *m_answerView = nullptr;
    QLabel *m_status = nullptr;
    VlmWorker *m_worker = nullptr;
};

} // namespace sd::ui
