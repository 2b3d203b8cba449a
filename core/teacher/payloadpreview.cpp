#include "payloadpreview.h"

#include "store/projectstore.h"
#include "teacherbatch.h"

#include <QCryptographicHash>

namespace sd {

TeacherTask answerTaskFor(const ProjectStore &store, qint64 frameId, qint64 structureId, const QString &language)
{
    const QString lang = language.isEmpty() ? projectTeacherLanguage(store) : language;
    return answerTask(store, frameId, structureId, chooseQuestion(store, frameId, structureId, lang).second, lang);
}

PayloadPreview previewPayload(const PrivacyFirewall &firewall, const TeacherProvider &provider, qint64 frameId,
                              qint64 structureId, const QString &language)
{
    const TeacherTask task = answerTaskFor(firewall.store(), frameId, structureId, language);
    PayloadPreview p;
    p.network = provider.usesNetwork();
    if (p.network) {
        const HttpCall call = firewall.prepare(provider, task);
        p.destination = call.url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
        p.allowed = firewall.isAllowed(call.url);
        p.payload = call.body;
    } else {
        p.allowed = true;
        p.payload = promptFor(task).user.toUtf8(); // what TeacherBatch stores as the offline request's payload
    }
    p.sha256Hex = QCryptographicHash::hash(p.payload, QCryptographicHash::Sha256).toHex();
    return p;
}

} // namespace sd
