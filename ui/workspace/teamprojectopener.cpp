#include "teamprojectopener.h"

#include "keychain.h"
#include "store/projectstore.h"
#include "store/storeerror.h"
#include "teamconnectiondialog.h"

#include <QApplication>
#include <QCoreApplication>
#include <QMessageBox>

namespace sd::ui {

namespace {
struct TeamProjectOpener {
    Q_DECLARE_TR_FUNCTIONS(sd::ui::TeamProjectOpener)
};

// libpq's messages are technical; the person gets ours first and the server's after it.
QString why(const std::exception &e)
{
    return QString::fromUtf8(e.what());
}
} // namespace

QString teamKeychainAccount(const TeamConnection &connection)
{
    TeamConnection c = connection;
    c.password.clear();
    return QStringLiteral("team:") + c.toUrl();
}

std::unique_ptr<ProjectStore> openTeamProjectInteractively(QWidget *parent, const TeamConnection &connection,
                                                           bool askFirst)
{
    TeamConnection c = connection;
    bool ask = askFirst;
    bool remember = false;
    QString error;
    for (;;) {
        if (ask) {
            TeamConnectionDialog dialog(parent);
            dialog.setConnection(c);
            dialog.setError(error);
            if (!error.isEmpty())
                dialog.focusPassword();
            if (dialog.exec() != QDialog::Accepted)
                return nullptr;
            c = dialog.connection();
            remember = dialog.rememberPassword();
        }
        bool fromKeychain = false;
        if (c.password.isEmpty()) {
            c.password = readKeychainSecret(teamKeychainAccount(c));
            fromKeychain = !c.password.isEmpty();
        }
        try {
            QApplication::setOverrideCursor(Qt::WaitCursor);
            std::unique_ptr<ProjectStore> store = ProjectStore::openTeam(c);
            QApplication::restoreOverrideCursor();
            if (remember) {
                const QString failed = writeKeychainSecret(teamKeychainAccount(c), c.password);
                if (!failed.isEmpty())
                    QMessageBox::information(parent, TeamProjectOpener::tr("Open team project"),
                                             TeamProjectOpener::tr("The password could not be kept in the system keychain (%1). "
                                                "You will be asked for it next time.")
                                                 .arg(failed));
            }
            return store;
        } catch (const LoginRequired &e) {
            QApplication::restoreOverrideCursor();
            if (fromKeychain)
                deleteKeychainSecret(teamKeychainAccount(c)); // changed since: ask once, then remember anew
            error = c.password.isEmpty() ? TeamProjectOpener::tr("The server needs your password.")
                                         : TeamProjectOpener::tr("The server refused the login. Check the login and the password.\n%1")
                                               .arg(why(e));
        } catch (const ServerUnreachable &e) {
            QApplication::restoreOverrideCursor();
            error = TeamProjectOpener::tr("The server does not answer. Check the server name and port, or ask your administrator "
                       "whether it is running.\n%1")
                        .arg(why(e));
        } catch (const std::exception &e) {
            QApplication::restoreOverrideCursor();
            error = TeamProjectOpener::tr("Cannot open the team project:\n%1").arg(why(e));
        }
        c.password.clear();
        ask = true;
    }
}

} // namespace sd::ui
