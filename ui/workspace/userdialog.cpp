#include "currentuser.h"
#include "userdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>

namespace sd::ui {

UserIdentity currentUser()
{
    QSettings s;
    UserIdentity u;
    u.name = currentUserName();
    u.role = userRoleFromString(s.value(QStringLiteral("user/role")).toString());
    return u;
}

void setCurrentUser(const UserIdentity &user)
{
    QSettings s;
    setCurrentUserName(user.name);
    s.setValue(QStringLiteral("user/role"), userRoleToString(user.role));
}

UserDialog::UserDialog(const UserIdentity &user, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("User"));
    auto *form = new QFormLayout(this);
    m_name = new QLineEdit(user.name, this);
    m_name->setObjectName(QStringLiteral("userName"));
    m_role = new QComboBox(this);
    m_role->setObjectName(QStringLiteral("userRole"));
    m_role->addItem(tr("Annotator"), userRoleToString(UserRole::Annotator));
    m_role->addItem(tr("Reviewer"), userRoleToString(UserRole::Reviewer));
    m_role->setCurrentIndex(user.role == UserRole::Reviewer ? 1 : 0);
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Role:"), m_role);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto updateOk = [this, buttons] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_name->text().trimmed().isEmpty());
    };
    connect(m_name, &QLineEdit::textChanged, this, updateOk);
    updateOk();
}

void UserDialog::lockName(const QString &why)
{
    m_name->setReadOnly(true);
    m_name->setToolTip(why);
    m_name->setPlaceholderText(why);
}

UserIdentity UserDialog::user() const
{
    return {m_name->text().trimmed(), userRoleFromString(m_role->currentData().toString())};
}

} // namespace sd::ui
