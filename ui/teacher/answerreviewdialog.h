// The expert's review queue for teacher answers: the training overlay of the
// frame beside the teacher's answer; Accept, Edit (the original stays, the
// word diff is shown), Reject with a reason, Flag for review. The queue is the
// project's review sample (a random share plus every flagged answer) or all
// answers; keyboard: A accept, E edit, R reject, N next.
#pragma once

#include <QDialog>
#include <QImage>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTextBrowser;

namespace sd {
class ProjectStore;
}

namespace sd::ui {

class FittedImage;

class AnswerReviewDialog : public QDialog {
    Q_OBJECT
public:
    // Project setting holding the review sample share in percent (default 20).
    static constexpr const char *kSamplePercentSetting = "answer_review_sample_percent";

    explicit AnswerReviewDialog(ProjectStore &store, QWidget *parent = nullptr);

    qint64 currentAnswerId() const { return m_current; }
    bool selectAnswer(qint64 answerId);
    std::vector<qint64> queue() const { return m_queue; }
    void setShowAll(bool all);
    void setSamplePercent(int percent);
    QString progressText() const;
    QString statusText() const;
    bool isEditing() const { return m_editing; }

public Q_SLOTS:
    void acceptCurrent();
    void edit();                     // first press: start editing; second press: save the edit
    void rejectCurrent();
    void toggleFlag();
    void next();

protected:
    void reject() override; // asks before an unsaved edit is dropped

private:
    void reloadQueue();
    void showAnswer(qint64 answerId);
    void refreshItem(int row);
    void updateProgress();
    void afterDecision();
    void setEditing(bool on);
    void setStatus(const QString &text, bool error = false);
    QString itemText(qint64 answerId) const;

    ProjectStore &m_store;
    std::vector<qint64> m_queue;
    qint64 m_current = 0;
    bool m_editing = false;
    QString m_editStart;             // the editor's text when editing began

    QLineEdit *m_reviewer = nullptr;
    QSpinBox *m_samplePercent = nullptr;
    QComboBox *m_scope = nullptr;
    QLabel *m_progress = nullptr;
    QListWidget *m_list = nullptr;
    FittedImage *m_image = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_question = nullptr;
    QLabel *m_decision = nullptr;
    QPlainTextEdit *m_answer = nullptr;
    QTextBrowser *m_diff = nullptr;
    QComboBox *m_reason = nullptr;
    QPushButton *m_accept = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_cancelEdit = nullptr;
    QPushButton *m_reject = nullptr;
    QPushButton *m_flag = nullptr;
    QPushButton *m_next = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace sd::ui
