// File > Open team project…: where the team's PostgreSQL server is and who logs in.
// The password is typed here (or comes from the system keychain or ~/.pgpass); it is
// kept in memory for this connection only unless the person asks the keychain to
// remember it. Never in the recent-projects list, a project file or a log.
#pragma once

#include "store/teamconnection.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace sd::ui {

class TeamConnectionDialog : public QDialog {
    Q_OBJECT
public:
    explicit TeamConnectionDialog(QWidget *parent = nullptr);

    void setConnection(const TeamConnection &connection); // fills every field but the password
    TeamConnection connection() const;                     // with the typed password
    bool rememberPassword() const;
    // Shown above the fields when the dialog comes back after a failed attempt.
    void setError(const QString &message);
    void focusPassword();

private:
    void updateState();

    QLabel *m_error;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_database;
    QLineEdit *m_user;
    QComboBox *m_tls;
    QLineEdit *m_caFile;
    QPushButton *m_browseCa;
    QLineEdit *m_password;
    QCheckBox *m_remember;
    QLabel *m_url;
    QPushButton *m_connect;
};

} // namespace sd::ui
