// The reviewer's consensus view of the current frame and structure: the
// submitted independent annotations drawn over the frame as outlines in
// distinct colours (each can be hidden), their pairwise Dice, and the merged
// candidate (majority vote or STAPLE, filled white) with "Use as reference",
// which saves it as the reference mask's new version, submitted for review: the
// reviewer edits it on the canvas and approves it in the Review panel. Who may
// see what is core's (consensus/independentannotation.h).
#pragma once

#include "consensus/independentannotation.h"

#include <QSet>
#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace sd::ui {

class FittedImage;

class ConsensusPanel : public QWidget {
    Q_OBJECT
public:
    explicit ConsensusPanel(QWidget *parent = nullptr);

    void setContext(ProjectStore *store, qint64 frameId, qint64 structureId, const UserIdentity &user);
    void refresh();

    consensus::MergeMethod method() const;
    void setMethod(consensus::MergeMethod method);
    QListWidget *annotatorList() const { return m_annotators; }
    QTableWidget *pairTable() const { return m_pairs; }
    QPushButton *useAsReferenceButton() const { return m_useAsReference; }
    FittedImage *preview() const { return m_preview; }
    const consensus::ConsensusCandidate &candidate() const { return m_candidate; }
    QString headerText() const;
    QString errorText() const;

    // The outline colour of the i-th annotation.
    static QColor annotatorColor(int index);

public Q_SLOTS:
    bool useAsReference();

Q_SIGNALS:
    void aboutToSave(); // flush pending edits: the merged version goes on top of the saved ones
    void referenceSaved(qint64 frameId, qint64 structureId);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void renderPreview();

    ProjectStore *m_store = nullptr;
    qint64 m_frameId = 0;
    qint64 m_structureId = 0;
    UserIdentity m_user;
    consensus::ConsensusCandidate m_candidate;
    QSet<QString> m_hidden; // annotators whose outline is switched off

    QLabel *m_header;
    FittedImage *m_preview;
    QComboBox *m_method;
    QPushButton *m_useAsReference;
    QListWidget *m_annotators;
    QTableWidget *m_pairs;
    QLabel *m_info;
    QLabel *m_error;
};

} // namespace sd::ui
