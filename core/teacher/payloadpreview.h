// The answer request a teacher batch would make for one (frame, structure),
// built exactly as TeacherBatch builds it (question choice, context, mask-PNG
// policy), so a "Preview payload" screen shows the very bytes the privacy
// firewall would send, without sending anything.
#pragma once

#include "privacyfirewall.h"

#include <QByteArray>
#include <QString>

namespace sd {

// The task TeacherBatch would send for this example. language "" = the project's teacher language.
// Throws StoreError when the frame, structure or mask does not exist.
TeacherTask answerTaskFor(const ProjectStore &store, qint64 frameId, qint64 structureId,
                          const QString &language = {});

struct PayloadPreview {
    bool network = false;        // false: the offline teacher, nothing leaves the computer
    QString destination;         // as audited (no user info, no query); empty for offline
    bool allowed = false;        // the firewall would send it (always true offline)
    QByteArray payload;          // network: the exact request body; offline: the prompt the local teacher reads
    QByteArray sha256Hex;        // of payload, lower-case hex, as in the audit log
};

// Throws StoreError (unknown frame / structure / mask) or ProviderError (unusable provider settings).
PayloadPreview previewPayload(const PrivacyFirewall &firewall, const TeacherProvider &provider, qint64 frameId,
                              qint64 structureId, const QString &language = {});

} // namespace sd
