#include "teachersettingsdialog.h"

#include "currentuser.h"
#include "store/projectstore.h"
#include "teacher/privacyfirewall.h"
#include "teacheroverlay.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace sd::ui {

TeacherSettingsDialog::TeacherSettingsDialog(ProjectStore &store, QWidget *parent)
    : QDialog(parent), m_store(store), m_firewall(std::make_unique<PrivacyFirewall>(store, currentUserName()))
{
    setObjectName(QStringLiteral("teacherSettingsDialog"));
    setWindowTitle(tr("Teacher settings"));
    resize(720, 680);
    auto *layout = new QVBoxLayout(this);

    // Privacy: allowed hosts and the mask PNG.
    auto *privacy = new QGroupBox(tr("Privacy firewall"), this);
    auto *pl = new QVBoxLayout(privacy);
    auto *explain = new QLabel(tr("Teacher requests may only go to these hosts. A new project allows this "
                                  "computer only. Every change is written to the audit log; add a host only if "
                                  "the clinic's data-protection policy permits it."),
                               privacy);
    explain->setWordWrap(true);
    pl->addWidget(explain);
    m_hosts = new QListWidget(privacy);
    m_hosts->setObjectName(QStringLiteral("allowedHostsList"));
    pl->addWidget(m_hosts);
    auto *hostRow = new QHBoxLayout;
    m_newHost = new QLineEdit(privacy);
    m_newHost->setObjectName(QStringLiteral("newHostEdit"));
    m_newHost->setPlaceholderText(tr("Host, e.g. teacher.clinic.local"));
    auto *add = new QPushButton(tr("Allow host"), privacy);
    add->setObjectName(QStringLiteral("addHostButton"));
    add->setAutoDefault(false);
    auto *remove = new QPushButton(tr("Remove selected"), privacy);
    remove->setObjectName(QStringLiteral("removeHostButton"));
    remove->setAutoDefault(false);
    hostRow->addWidget(m_newHost, 1);
    hostRow->addWidget(add);
    hostRow->addWidget(remove);
    pl->addLayout(hostRow);
    m_maskPng = new QCheckBox(tr("Send the mask as a 1-bit PNG with requests (otherwise its geometry as text only)"),
                              privacy);
    m_maskPng->setObjectName(QStringLiteral("maskPngCheck"));
    m_maskPng->setChecked(projectSendsMaskPng(m_store));
    pl->addWidget(m_maskPng);
    layout->addWidget(privacy);

    // Defaults for "Generate teacher answers".
    auto *defaults = new QGroupBox(tr("Default teacher"), this);
    auto *df = new QFormLayout(defaults);
    m_provider = new QComboBox(defaults);
    m_provider->setObjectName(QStringLiteral("defaultProviderCombo"));
    fillProviderCombo(m_provider);
    m_provider->setCurrentIndex(std::max(
        0, m_provider->findData(m_store.setting(QString::fromLatin1(kDefaultProviderSetting), QStringLiteral("offline")))));
    m_baseUrl = new QLineEdit(m_store.setting(QString::fromLatin1(kDefaultBaseUrlSetting)), defaults);
    m_baseUrl->setObjectName(QStringLiteral("defaultBaseUrlEdit"));
    m_baseUrl->setPlaceholderText(tr("the provider's public endpoint, or e.g. http://127.0.0.1:8000/v1"));
    m_model = new QLineEdit(m_store.setting(QString::fromLatin1(kDefaultModelSetting)), defaults);
    m_model->setObjectName(QStringLiteral("defaultModelEdit"));
    df->addRow(tr("Provider:"), m_provider);
    df->addRow(tr("Base URL:"), m_baseUrl);
    df->addRow(tr("Model:"), m_model);
    layout->addWidget(defaults);

    // API key: keychain only.
    auto *keyBox = new QGroupBox(tr("API key (stored in the system keychain, never in the project)"), this);
    auto *kf = new QFormLayout(keyBox);
    m_keyProvider = new QComboBox(keyBox);
    m_keyProvider->setObjectName(QStringLiteral("keyProviderCombo"));
    m_keyProvider->addItem(QStringLiteral("OpenAI-compatible"), QStringLiteral("openai"));
    m_keyProvider->addItem(QStringLiteral("Gemini"), QStringLiteral("gemini"));
    m_key = new QLineEdit(keyBox);
    m_key->setObjectName(QStringLiteral("apiKeyEdit"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("paste a new key to store it"));
    auto *storeKeyButton = new QPushButton(tr("Store in keychain"), keyBox);
    storeKeyButton->setAutoDefault(false);
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(storeKeyButton);
    m_keySource = new QLabel(keyBox);
    m_keySource->setObjectName(QStringLiteral("keySourceLabel"));
    m_keySource->setWordWrap(true);
    kf->addRow(tr("For:"), m_keyProvider);
    kf->addRow(tr("New key:"), keyRow);
    kf->addRow(tr("Key in use:"), m_keySource);
    layout->addWidget(keyBox);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("settingsStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        QDialog::accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(add, &QPushButton::clicked, this, [this] {
        if (addHost(m_newHost->text()))
            m_newHost->clear();
    });
    connect(m_newHost, &QLineEdit::returnPressed, add, &QPushButton::click);
    connect(remove, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem *item = m_hosts->currentItem())
            removeHost(item->text());
    });
    connect(storeKeyButton, &QPushButton::clicked, this, &TeacherSettingsDialog::storeKey);
    connect(m_keyProvider, &QComboBox::currentIndexChanged, this, &TeacherSettingsDialog::updateKeySource);
    reloadHosts();
    updateKeySource();
}

TeacherSettingsDialog::~TeacherSettingsDialog() = default;

QStringList TeacherSettingsDialog::shownHosts() const
{
    QStringList hosts;
    for (int i = 0; i < m_hosts->count(); ++i)
        hosts << m_hosts->item(i)->text();
    return hosts;
}

QString TeacherSettingsDialog::keySourceText() const
{
    return m_keySource->text();
}

QString TeacherSettingsDialog::statusText() const
{
    return m_status->text();
}

void TeacherSettingsDialog::setStatus(const QString &text, bool error)
{
    m_status->setStyleSheet(error ? QStringLiteral("QLabel { color: #ff8a80; font-weight: 600; }") : QString());
    m_status->setText(text);
}

void TeacherSettingsDialog::reloadHosts()
{
    m_hosts->clear();
    m_hosts->addItems(m_firewall->allowedHosts());
}

bool TeacherSettingsDialog::addHost(const QString &host)
{
    try {
        m_firewall->allowHost(host);
        reloadHosts();
        setStatus(tr("Allowed %1 (recorded in the audit log).").arg(host.trimmed()));
        return true;
    } catch (const std::exception &e) {
        setStatus(QString::fromUtf8(e.what()), true);
        return false;
    }
}

bool TeacherSettingsDialog::removeHost(const QString &host)
{
    try {
        m_firewall->removeHost(host);
        reloadHosts();
        setStatus(tr("Removed %1 (recorded in the audit log).").arg(host.trimmed()));
        return true;
    } catch (const std::exception &e) {
        setStatus(QString::fromUtf8(e.what()), true);
        return false;
    }
}

void TeacherSettingsDialog::save()
{
    try {
        if (m_maskPng->isChecked() != projectSendsMaskPng(m_store))
            m_firewall->setSendMaskPng(m_maskPng->isChecked()); // audited
        m_store.transaction([&] {
            m_store.setSetting(QString::fromLatin1(kDefaultProviderSetting), m_provider->currentData().toString());
            m_store.setSetting(QString::fromLatin1(kDefaultBaseUrlSetting), m_baseUrl->text().trimmed());
            m_store.setSetting(QString::fromLatin1(kDefaultModelSetting), m_model->text().trimmed());
        });
        setStatus(tr("Saved."));
    } catch (const std::exception &e) {
        setStatus(QString::fromUtf8(e.what()), true);
    }
}

void TeacherSettingsDialog::updateKeySource()
{
    const QString id = m_keyProvider->currentData().toString();
    QString source;
    const bool found = !apiKeyFor(id, &source).isEmpty();
    if (!found)
        m_keySource->setText(tr("none (environment variable SURGDISTILL_%1_API_KEY not set, nothing in the "
                                "keychain)")
                                 .arg(id.toUpper()));
    else if (source == QLatin1String("environment"))
        m_keySource->setText(tr("from the environment variable SURGDISTILL_%1_API_KEY (it takes precedence over "
                                "the keychain)")
                                 .arg(id.toUpper()));
    else
        m_keySource->setText(tr("from the system keychain (service \"SurgDistill\", account \"%1\")").arg(id));
}

void TeacherSettingsDialog::storeKey()
{
    const QString key = m_key->text().trimmed();
    if (key.isEmpty()) {
        setStatus(tr("Paste the key first."), true);
        return;
    }
    const QString error = storeApiKeyInKeychain(m_keyProvider->currentData().toString(), key);
    m_key->clear(); // never kept in the dialog
    if (error.isEmpty())
        setStatus(tr("The key is stored in the system keychain."));
    else
        setStatus(tr("The keychain refused the key: %1").arg(error), true);
    updateKeySource();
}

} // namespace sd::ui
