// The current user (name + role), kept in QSettings ("user/name",
// "user/role"); the name defaults to the OS login name. Edit > User… opens
// UserDialog to change it. Permissions themselves are enforced in core
// (reviewworkflow.h); this only says who is working.
#pragma once

#include "reviewworkflow.h"

#include <QDialog>

class QComboBox;
class QLineEdit;

namespace sd::ui {

UserIdentity currentUser();
void setCurrentUser(const UserIdentity &user);

class UserDialog : public QDialog {
    Q_OBJECT
public:
    explicit UserDialog(const UserIdentity &user, QWidget *parent = nullptr);
    UserIdentity user() const;
    // The name cannot be changed here (a team project: the server login); `why` says so.
    void lockName(const QString &why);

private:
    QLineEdit *m_name;
    QComboBox *m_role;
};

} // namespace sd::ui
