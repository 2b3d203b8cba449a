// The small dialog a reviewer answers after pinning an issue on the frame: what is wrong
// there (the issue's first comment). OK stays disabled while the comment is empty.
#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

namespace sd::ui {

class IssueDialog : public QDialog {
    Q_OBJECT
public:
    // where: e.g. "Duodenum, point (120, 88)"; shown above the comment box.
    IssueDialog(const QString &where, QWidget *parent = nullptr);

    QString comment() const;
    QPlainTextEdit *commentEdit() const { return m_comment; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    QPlainTextEdit *m_comment;
    QDialogButtonBox *m_buttons;
};

} // namespace sd::ui
