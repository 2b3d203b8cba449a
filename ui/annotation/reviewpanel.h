// The "Review" dock: the selected structure's mask on the current frame with
// its review state, buttons to submit / approve / request changes (with a
// comment), the review history, the mask's version history with restore, and
// the annotator-vs-reviewer agreement (Dice/IoU) of every structure in the
// frame. All rules are core's (reviewworkflow.h); a refused step shows its
// reason here instead of a modal box. On a frame the user annotates
// independently (consensus/independentannotation.h) the panel is about the
// user's own annotation instead: its state, versions and "Submit". Below, the
// project's annotator agreement table (the rows of `review agreement`).
#pragma once

#include "reviewworkflow.h"

#include <QImage>
#include <QWidget>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace sd::ui {

class AgreementTable;

class ReviewPanel : public QWidget {
    Q_OBJECT
public:
    explicit ReviewPanel(QWidget *parent = nullptr);

    void setContext(ProjectStore *store, qint64 frameId, qint64 structureId, const UserIdentity &user);
    void refresh();

    QString stateText() const;
    QString errorText() const;
    QPushButton *approveButton() const { return m_approve; }
    QPushButton *requestChangesButton() const { return m_changes; }
    QPushButton *submitButton() const { return m_submit; }
    QPlainTextEdit *commentEdit() const { return m_comment; }
    QTreeWidget *agreementTable() const { return m_agreement; }
    QListWidget *versionList() const { return m_versions; }
    AgreementTable *projectAgreement() const { return m_projectAgreement; }

public Q_SLOTS:
    bool submit();
    bool approve();
    bool requestChanges();
    bool restoreSelectedVersion();

Q_SIGNALS:
    void aboutToReview();                 // flush pending edits: the review refers to the saved version
    void reviewRecorded(qint64 maskId);
    void restoreRequested(qint64 structureId, const QImage &mask, int version);

private:
    qint64 maskId() const;
    bool independent() const; // the user annotates this frame independently
    std::vector<MaskVersion> shownHistory() const;
    void showHistory();
    void refreshIndependent(const std::optional<Structure> &structure);
    bool run(const std::function<void(qint64 maskId)> &step);

    ProjectStore *m_store = nullptr;
    qint64 m_frameId = 0;
    qint64 m_structureId = 0;
    UserIdentity m_user;

    QLabel *m_who;
    QLabel *m_state;
    QLabel *m_error;
    QPlainTextEdit *m_comment;
    QPushButton *m_submit;
    QPushButton *m_approve;
    QPushButton *m_changes;
    QListWidget *m_reviews;
    QListWidget *m_versions;
    QPushButton *m_restore;
    QTreeWidget *m_agreement;
    AgreementTable *m_projectAgreement;
};

} // namespace sd::ui
