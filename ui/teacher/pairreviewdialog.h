// The expert screen for DPO preference pairs: the question and the training
// overlay, the teacher's chosen and rejected answers side by side with its
// reason; Approve, Swap (the teacher had them the wrong way round: exchanged
// and approved) or Discard. Works on pairs imported from JSONL before a
// trained model exists.
#pragma once

#include <QDialog>
#include <optional>
#include <vector>

#include "entities.h"

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QTextBrowser;

namespace sd {
class ProjectStore;
}

namespace sd::ui {

class FittedImage;

class PairReviewDialog : public QDialog {
    Q_OBJECT
public:
    explicit PairReviewDialog(ProjectStore &store, QWidget *parent = nullptr);

    // Empty: all pairs.
    void setStatusFilter(std::optional<PairStatus> status);
    qint64 currentPairId() const { return m_current; }
    bool selectPair(qint64 pairId);
    int pairCount() const { return int(m_pairs.size()); }
    QString chosenText() const;
    QString rejectedText() const;
    QString statusText() const;

public Q_SLOTS:
    void approve();
    void swap();
    void discard();
    void importJsonl(const QString &path);

private:
    void reload();
    std::optional<PairStatus> statusFilter() const;
    void showPair(int index);
    enum class Decision { Approve, Swap, Discard };
    void decide(Decision decision);
    void setStatus(const QString &text, bool error = false);

    ProjectStore &m_store;
    std::vector<PreferencePair> m_pairs;
    qint64 m_current = 0;

    QComboBox *m_filter = nullptr;
    QLabel *m_counts = nullptr;
    QListWidget *m_list = nullptr;
    FittedImage *m_image = nullptr;
    QLabel *m_question = nullptr;
    QLabel *m_state = nullptr;
    QTextBrowser *m_chosen = nullptr;
    QTextBrowser *m_rejected = nullptr;
    QLabel *m_reason = nullptr;
    QPushButton *m_approve = nullptr;
    QPushButton *m_swap = nullptr;
    QPushButton *m_discard = nullptr;
    QLabel *m_status = nullptr;
};

// Imports DPO pairs from a JSONL file (core importDpoJsonl) and tells the user the result.
// Returns the number of pairs added (0 on error, after a message box).
int importPreferencePairsWithMessage(QWidget *parent, ProjectStore &store, const QString &path);

} // namespace sd::ui
