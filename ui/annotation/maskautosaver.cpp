#include "maskautosaver.h"

#include "consensus/independentannotation.h"
#include "currentuser.h"
#include "widgets/imageconvert.h"
#include "store/projectstore.h"

#include <QTimer>

#include <limits>

#include <opencv2/core.hpp>

namespace sd::ui {

MaskAutosaver::MaskAutosaver(QObject *parent)
    : QObject(parent), m_timer(new QTimer(this)), m_retry(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setInterval(0); // see the header: a kill loses at most the stroke in progress
    connect(m_timer, &QTimer::timeout, this, &MaskAutosaver::flush);
    m_retry->setSingleShot(true);
    m_retry->setInterval(2000);
    connect(m_retry, &QTimer::timeout, this, &MaskAutosaver::flush);
}

void MaskAutosaver::setBaseVersion(qint64 frameId, qint64 structureId, int version)
{
    if (!m_dirty.count({frameId, structureId})) // a pending edit keeps the base it was drawn on
        m_base[{frameId, structureId}] = version;
}

std::optional<int> MaskAutosaver::baseVersion(qint64 frameId, qint64 structureId) const
{
    const auto it = m_base.find({frameId, structureId});
    return it != m_base.end() ? std::optional<int>(it->second) : std::nullopt;
}

bool MaskAutosaver::hasPendingChanges(qint64 frameId) const
{
    const auto it = m_dirty.lower_bound({frameId, std::numeric_limits<qint64>::min()});
    return it != m_dirty.end() && it->first.first == frameId;
}

void MaskAutosaver::setRetryIntervalMs(int ms)
{
    m_retry->setInterval(std::max(1, ms));
}

void MaskAutosaver::setStore(ProjectStore *store)
{
    if (store == m_store)
        return;
    flush();
    m_dirty.clear(); // unsaved changes of a store that refused them cannot go elsewhere
    m_base.clear();
    m_serverAway = false;
    m_store = store;
}

void MaskAutosaver::setAuthor(const QString &author)
{
    if (author == m_author)
        return;
    flush(); // pending edits belong to the previous user
    m_author = author;
}

void MaskAutosaver::setRole(UserRole role)
{
    if (role == m_role)
        return;
    flush(); // pending edits were made in the previous role
    m_role = role;
}

void MaskAutosaver::setDelayMs(int ms)
{
    m_timer->setInterval(std::max(0, ms));
}

int MaskAutosaver::delayMs() const
{
    return m_timer->interval();
}

void MaskAutosaver::markDirty(qint64 frameId, qint64 structureId, const QImage &mask, const MaskOrigin &origin)
{
    m_dirty[{frameId, structureId}] = {mask, origin};
    m_timer->start(); // restarts: edits arriving together are saved together
}

void MaskAutosaver::setServerAway(bool away)
{
    m_serverAway = away;
    if (!away)
        flush();
}

bool MaskAutosaver::flush()
{
    m_timer->stop();
    m_retry->stop();
    if (m_dirty.empty() || !m_store)
        return true;
    if (m_serverAway)
        return false; // kept; saved when the server is back (setServerAway(false))
    std::vector<Mask> written;
    int annotations = 0;
    int refused = 0;
    try {
        m_store->transaction([&] {
            written.clear();
            annotations = 0;
            refused = 0;
            const UserIdentity user{m_author.isEmpty() ? currentUserName() : m_author, m_role};
            for (const auto &[key, edit] : m_dirty) {
                const RleMask rle = RleMask::encode(qImageToMask(edit.first));
                if (consensus::annotatesIndependently(*m_store, key.first, user)) {
                    const auto own = m_store->annotation(key.first, key.second, user.name);
                    if (own ? own->rle == rle : rle.isEmpty())
                        continue;
                    if (own && own->state == AnnotationState::Submitted) {
                        ++refused; // final: dropped below, never retried
                        continue;
                    }
                    consensus::saveOwnAnnotation(*m_store, key.first, key.second, rle, user);
                    ++annotations;
                    continue;
                }
                const auto stored = m_store->mask(key.first, key.second);
                if (stored ? stored->rle == rle : rle.isEmpty())
                    continue; // undone back to the stored state, or an empty new layer: no new version
                const auto base = m_base.find(key);
                written.push_back(m_store->saveMask(key.first, key.second, rle, user.name, edit.second,
                                                    base != m_base.end() ? std::optional<int>(base->second)
                                                                         : std::nullopt));
            }
        });
    } catch (const std::exception &e) {
        const bool unreachable = dynamic_cast<const ServerUnreachable *>(&e) != nullptr;
        if (unreachable && !m_unreachable)
            Q_EMIT serverReachableChanged(false);
        m_unreachable = m_unreachable || unreachable;
        Q_EMIT saveFailed(unreachable
                              ? tr("The server cannot be reached. Your changes are kept on this computer and saved "
                                   "as soon as it answers again.")
                              : tr("Autosave failed, the changes are kept and retried: %1")
                                    .arg(QString::fromUtf8(e.what())));
        m_retry->start();
        return false;
    }
    m_dirty.clear();
    if (m_unreachable) {
        m_unreachable = false;
        Q_EMIT serverReachableChanged(true);
    }
    for (const Mask &m : written) {
        m_base[{m.frameId, m.structureId}] = m.version;
        if (m.conflict())
            Q_EMIT conflictSaved(m.frameId, m.structureId, m.version);
    }
    if (!written.empty() || annotations > 0)
        Q_EMIT saved(int(written.size()) + annotations);
    if (refused > 0)
        Q_EMIT saveFailed(tr("Your annotation is submitted and cannot change any more; the edit was not saved."));
    return true;
}

} // namespace sd::ui
