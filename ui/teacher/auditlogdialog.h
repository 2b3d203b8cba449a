// The project's audit log of outbound teacher requests and privacy-policy
// changes: a table (time, user, action, destination, SHA-256, size), the
// selected entry's full payload, "Verify chain" (the hash chain recomputed
// from the stored rows, so any altered or removed entry shows) and Export as
// JSON lines or CSV.
#pragma once

#include <QDialog>
#include <vector>

#include "entities.h"

class QLabel;
class QTableWidget;

namespace sd {
class ProjectStore;
}

namespace sd::ui {

class PayloadView;

class AuditLogDialog : public QDialog {
    Q_OBJECT
public:
    explicit AuditLogDialog(ProjectStore &store, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    PayloadView *payloadView() const { return m_payload; }
    QString verifyResultText() const;
    // The id of the first broken entry after the last verify (0 = intact or not verified).
    qint64 brokenEntryId() const { return m_broken; }

public Q_SLOTS:
    void reload();
    bool verifyChain();                       // true when intact
    QString exportTo(const QString &path);   // .csv -> CSV, else JSON lines; returns the error or ""

private:
    void showEntry(int row);

    ProjectStore &m_store;
    std::vector<AuditEntry> m_entries;
    qint64 m_broken = 0;
    QTableWidget *m_table = nullptr;
    PayloadView *m_payload = nullptr;
    QLabel *m_result = nullptr;
    QLabel *m_count = nullptr;
};

} // namespace sd::ui
