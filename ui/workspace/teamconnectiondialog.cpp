#include "teamconnectiondialog.h"

#include "currentuser.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace sd::ui {

TeamConnectionDialog::TeamConnectionDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Open team project"));
    setObjectName(QStringLiteral("teamConnectionDialog"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("A team project lives in a database on your clinic's PostgreSQL server. "
                                "Your administrator gives you the server, the database and your login."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("teamConnectionError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #8a1c1c; background: #fbe3e3; border-radius: 3px; "
                                          "padding: 6px; }"));
    m_error->hide();
    layout->addWidget(m_error);

    auto *form = new QFormLayout;
    m_host = new QLineEdit(QStringLiteral("localhost"), this);
    m_host->setObjectName(QStringLiteral("teamHost"));
    m_host->setToolTip(tr("Host name or address of the server, or the folder of its Unix socket"));
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("teamPort"));
    m_port->setRange(1, 65535);
    m_port->setValue(5432);
    auto *where = new QHBoxLayout;
    where->addWidget(m_host, 1);
    where->addWidget(new QLabel(tr("Port:"), this));
    where->addWidget(m_port);
    form->addRow(tr("Server:"), where);
    m_database = new QLineEdit(this);
    m_database->setObjectName(QStringLiteral("teamDatabase"));
    m_database->setPlaceholderText(tr("e.g. cme_team"));
    form->addRow(tr("Database:"), m_database);
    m_user = new QLineEdit(currentUserName(), this);
    m_user->setObjectName(QStringLiteral("teamUser"));
    form->addRow(tr("Login:"), m_user);
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("teamPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("from the keychain or ~/.pgpass when left empty"));
    form->addRow(tr("Password:"), m_password);
    m_remember = new QCheckBox(tr("Remember the password in the system keychain"), this);
    m_remember->setObjectName(QStringLiteral("teamRememberPassword"));
    form->addRow(QString(), m_remember);

    m_tls = new QComboBox(this);
    m_tls->setObjectName(QStringLiteral("teamTls"));
    // libpq's sslmode values; "prefer" encrypts when the server offers it.
    m_tls->addItem(tr("When the server offers it"), QStringLiteral("prefer"));
    m_tls->addItem(tr("Required"), QStringLiteral("require"));
    m_tls->addItem(tr("Required, certificate checked"), QStringLiteral("verify-ca"));
    m_tls->addItem(tr("Required, certificate and host name checked"), QStringLiteral("verify-full"));
    m_tls->addItem(tr("Off (only on this computer)"), QStringLiteral("disable"));
    form->addRow(tr("Encryption (TLS):"), m_tls);
    m_caFile = new QLineEdit(this);
    m_caFile->setObjectName(QStringLiteral("teamCaFile"));
    m_caFile->setPlaceholderText(tr("the clinic's CA certificate (.crt)"));
    m_browseCa = new QPushButton(tr("Browse…"), this);
    auto *ca = new QHBoxLayout;
    ca->addWidget(m_caFile, 1);
    ca->addWidget(m_browseCa);
    form->addRow(tr("CA certificate:"), ca);
    layout->addLayout(form);

    m_url = new QLabel(this);
    m_url->setObjectName(QStringLiteral("teamUrl"));
    m_url->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_url->setWordWrap(true);
    layout->addWidget(m_url);
    auto *note = new QLabel(tr("The password is never written to project files, the recent-projects list, "
                               "logs or the audit."),
                            this);
    note->setWordWrap(true);
    layout->addWidget(note);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_connect = buttons->addButton(tr("Connect"), QDialogButtonBox::AcceptRole);
    m_connect->setObjectName(QStringLiteral("teamConnect"));
    m_connect->setDefault(true);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_browseCa, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CA certificate"), QDir::homePath(),
                                                          tr("Certificates (*.crt *.pem);;All files (*)"));
        if (!file.isEmpty())
            m_caFile->setText(file);
    });
    for (QLineEdit *edit : {m_host, m_database, m_user, m_caFile})
        connect(edit, &QLineEdit::textChanged, this, &TeamConnectionDialog::updateState);
    connect(m_port, &QSpinBox::valueChanged, this, &TeamConnectionDialog::updateState);
    connect(m_tls, &QComboBox::currentIndexChanged, this, &TeamConnectionDialog::updateState);
    updateState();
    resize(520, sizeHint().height());
}

void TeamConnectionDialog::setConnection(const TeamConnection &c)
{
    m_host->setText(c.host);
    m_port->setValue(c.port);
    m_database->setText(c.database);
    m_user->setText(c.user);
    const int tls = m_tls->findData(c.sslMode.isEmpty() ? QStringLiteral("prefer") : c.sslMode);
    m_tls->setCurrentIndex(tls >= 0 ? tls : 0);
    m_caFile->setText(c.sslRootCert);
    updateState();
}

TeamConnection TeamConnectionDialog::connection() const
{
    TeamConnection c;
    c.host = m_host->text().trimmed();
    c.port = m_port->value();
    c.database = m_database->text().trimmed();
    c.user = m_user->text().trimmed();
    c.sslMode = m_tls->currentData().toString();
    if (c.sslMode == QLatin1String("prefer"))
        c.sslMode.clear(); // libpq's default: no need to spell it out in the URL
    if (m_caFile->isEnabled())
        c.sslRootCert = m_caFile->text().trimmed();
    c.password = m_password->text();
    return c;
}

bool TeamConnectionDialog::rememberPassword() const
{
    return m_remember->isChecked() && !m_password->text().isEmpty();
}

void TeamConnectionDialog::setError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void TeamConnectionDialog::focusPassword()
{
    m_password->setFocus();
    m_password->selectAll();
}

void TeamConnectionDialog::updateState()
{
    const QString mode = m_tls->currentData().toString();
    const bool verify = mode.startsWith(QLatin1String("verify"));
    m_caFile->setEnabled(verify);
    m_browseCa->setEnabled(verify);
    const TeamConnection c = connection();
    // Without a CA file libpq checks against ~/.postgresql/root.crt.
    const bool complete = !c.host.isEmpty() && !c.database.isEmpty() && !c.user.isEmpty();
    m_connect->setEnabled(complete);
    m_url->setText(complete ? tr("Connects to %1").arg(c.toUrl()) : tr("Server, database and login are needed."));
}

} // namespace sd::ui
