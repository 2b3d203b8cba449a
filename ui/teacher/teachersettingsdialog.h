// Teacher settings of a project: the allowed hosts (each change goes through
// the privacy firewall, which audits it), whether the 1-bit mask PNG may
// travel with requests (audited), the default provider / base URL / model,
// and the API key, which is stored in the system keychain only, never in the
// project; the dialog says where the key in use comes from.
#pragma once

#include <QDialog>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;

namespace sd {
class PrivacyFirewall;
class ProjectStore;
} // namespace sd

namespace sd::ui {

class TeacherSettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit TeacherSettingsDialog(ProjectStore &store, QWidget *parent = nullptr);
    ~TeacherSettingsDialog() override;

    QStringList shownHosts() const;
    QString keySourceText() const;
    QString statusText() const;

public Q_SLOTS:
    bool addHost(const QString &host);
    bool removeHost(const QString &host);
    void save();             // mask policy and defaults

private:
    void reloadHosts();
    void updateKeySource();
    void storeKey();
    void setStatus(const QString &text, bool error = false);

    ProjectStore &m_store;
    std::unique_ptr<PrivacyFirewall> m_firewall;
    QListWidget *m_hosts = nullptr;
    QLineEdit *m_newHost = nullptr;
    QCheckBox *m_maskPng = nullptr;
    QComboBox *m_provider = nullptr;
    QLineEdit *m_baseUrl = nullptr;
    QLineEdit *m_model = nullptr;
    QComboBox *m_keyProvider = nullptr;
    QLineEdit *m_key = nullptr;
    QLabel *m_keySource = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace sd::ui
