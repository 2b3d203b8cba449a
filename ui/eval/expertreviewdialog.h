// Blinded expert evaluation. The expert sees one frame (the training overlay
// composite), the question and the answers of several models in a random order,
// labelled only "Answer A", "Answer B", ...; scores accuracy and conciseness
// 1-5 and marks preferred answers (several allowed). The widgets receive answer
// texts only: which model wrote an answer never reaches them (nor their object
// names, tooltips or accessible names). Scores are stored per answer id and
// unblinded only in the report.
#pragma once

#include "eval/blinding.h"

#include <QDialog>
#include <QImage>
#include <QStringList>
#include <vector>

class QButtonGroup;
class QCheckBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QVBoxLayout;

namespace sd {
class ProjectStore;
}

namespace sd::ui {

// One item's answers with their score controls. Knows nothing but texts.
class BlindedAnswersWidget : public QWidget {
    Q_OBJECT
public:
    explicit BlindedAnswersWidget(QWidget *parent = nullptr);

    struct Rating {
        int accuracy = 0;      // 0 = not chosen yet
        int conciseness = 0;
        bool preferred = false;
    };

    void setAnswers(const QStringList &texts);
    void setRatings(const std::vector<Rating> &ratings); // same order as the texts; missing = unset
    std::vector<Rating> ratings() const;
    bool isComplete() const;                              // every answer has both scores

    static QString slotName(int index);                   // "A", "B", ..., "Z", "AA", ...

Q_SIGNALS:
    void changed();

private:
    struct Slot {
        QButtonGroup *accuracy = nullptr;
        QButtonGroup *conciseness = nullptr;
        QCheckBox *preferred = nullptr;
    };
    QVBoxLayout *m_layout = nullptr;
    std::vector<Slot> m_slots;
    std::vector<QWidget *> m_boxes;
};

class ExpertReviewDialog : public QDialog {
    Q_OBJECT
public:
    // Items of the newest evaluation of every model, answers shuffled with `seed`.
    // Throws StoreError.
    ExpertReviewDialog(ProjectStore &store, const QString &expert, quint64 seed = 0, QWidget *parent = nullptr);

    int itemCount() const;
    int currentIndex() const;
    void showItem(int index);
    // Stores the current item's scores (all in one transaction); false with a
    // message in the status line when incomplete or the store refuses.
    bool saveCurrent();

private:
    void updateButtons();

    ProjectStore &m_store;
    QString m_expert;
    std::vector<eval::BlindedItem> m_items;
    int m_index = -1;
    QLabel *m_progress = nullptr;
    QLabel *m_image = nullptr;
    QLabel *m_question = nullptr;
    QLabel *m_status = nullptr;
    BlindedAnswersWidget *m_answers = nullptr;
    QPushButton *m_prev = nullptr;
    QPushButton *m_save = nullptr;
};

} // namespace sd::ui
