#include "issuedialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sd::ui {

IssueDialog::IssueDialog(const QString &where, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("issueDialog"));
    setWindowTitle(tr("New review issue"));
    auto *label = new QLabel(tr("Issue at %1. What should the annotator look at?").arg(where.toHtmlEscaped()), this);
    label->setWordWrap(true);
    m_comment = new QPlainTextEdit(this);
    m_comment->setObjectName(QStringLiteral("issueComment"));
    m_comment->setPlaceholderText(tr("e.g. The border runs into the fat here"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Open issue"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(m_comment);
    layout->addWidget(m_buttons);
    connect(m_comment, &QPlainTextEdit::textChanged, this, [this] {
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!comment().isEmpty());
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(420, 220);
}

QString IssueDialog::comment() const
{
    return m_comment->toPlainText().trimmed();
}

} // namespace sd::ui
