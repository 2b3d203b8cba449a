// Writes a project's audit log for an auditor: JSON lines (one entry per
// line with its full payload, the same fields as `surgdistill audit export`)
// or CSV (one row per entry, payload size and SHA-256 instead of the bytes).
#pragma once

#include "entities.h"

#include <QString>
#include <vector>

namespace sd {

// Writes atomically (a failed write leaves an existing file untouched). Returns an empty string on
// success, otherwise the reason.
QString writeAuditJsonl(const std::vector<AuditEntry> &entries, const QString &path);
QString writeAuditCsv(const std::vector<AuditEntry> &entries, const QString &path);

} // namespace sd
