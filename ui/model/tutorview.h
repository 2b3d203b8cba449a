// Resident tutor mode: the app highlights a structure on a frame; the resident
// names it, states the side and explains its significance for CME; the answer
// is graded against the approved expert answer (core/tutor), the local model's
// explanation follows, and follow-up questions continue as a conversation with
// the model. A second tab shows the resident's progress per structure.
#pragma once

#include "tutor/answergrading.h"
#include "vlm_session.h"

#include <QWidget>

#include <opencv2/core.hpp>
#include <optional>

class QComboBox;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QTabWidget;
class QTextBrowser;

namespace sd {
class ProjectStore;
}

namespace sd::ui {

class ModelPicker;
class RegionImageWidget;
class VlmWorker;

class TutorView : public QWidget {
    Q_OBJECT
public:
    explicit TutorView(QWidget *parent = nullptr);
    ~TutorView() override;

    void setProject(ProjectStore *store); // not owned
    void setResident(const QString &name);
    QString resident() const;
    void setModelDir(const QString &dir);

    // Shows frame + structure highlighted; false if the frame has no such mask.
    bool setCase(qint64 frameId, qint64 structureId);
    // Picks the next case, preferring structures the resident should revisit.
    bool nextCase();
    qint64 caseFrameId() const { return m_frameId; }
    qint64 caseStructureId() const { return m_structure.id; }
    bool hasExpertAnswer() const { return !m_expert.isEmpty(); }

    void setAnswer(const QString &text);
    // Grades and stores the attempt, shows the result and starts the model's
    // explanation when a model folder is chosen. False with a reason in the status line.
    bool submit();
    const std::optional<tutor::TutorGrade> &lastGrade() const { return m_grade; }
    QString resultText() const;   // the grading as shown (plain text)

    // Asks the model a follow-up question in the same conversation.
    bool askFollowUp(const QString &question);
    void stop();
    bool isGenerating() const;
    const std::vector<vlm::ChatTurn> &conversation() const { return m_turns; }
    QString statusText() const;

    QTableWidget *progressTable() const { return m_progressTable; }
    QCustomPlot *progressPlot() const { return m_progressPlot; }
    void showProgressTab();

Q_SIGNALS:
    void modelTurnFinished(bool cancelled);
    void modelFailed(const QString &message);

private:
    bool startModelTurn();
    void renderConversation();
    void refreshResidents();
    void refreshProgress();
    void setStatus(const QString &text);
    void updateButtons();

    ProjectStore *m_store = nullptr;
    qint64 m_frameId = 0;
    Structure m_structure;
    Side m_side = Side::Unknown;
    QString m_expert;
    cv::Mat m_composite;
    std::optional<tutor::TutorGrade> m_grade;
    std::vector<vlm::ChatTurn> m_turns;
    QString m_streaming; // model text of the turn being generated

    QTabWidget *m_tabs = nullptr;
    RegionImageWidget *m_image = nullptr;
    QComboBox *m_resident = nullptr;
    QLabel *m_prompt = nullptr;
    QPlainTextEdit *m_answer = nullptr;
    QPushButton *m_submit = nullptr;
    QTextBrowser *m_result = nullptr;
    ModelPicker *m_model = nullptr;
    QTextBrowser *m_chat = nullptr;
    QLineEdit *m_followUp = nullptr;
    QPushButton *m_askButton = nullptr;
    QPushButton *m_stopButton = nullptr;
    QLabel *m_status = nullptr;
    QTableWidget *m_progressTable = nullptr;
    QCustomPlot *m_progressPlot = nullptr;
    VlmWorker *m_worker = nullptr;
};

} // namespace sd::ui
