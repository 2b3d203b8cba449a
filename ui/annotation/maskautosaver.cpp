#include "maskautosaver.h"

#include "consensus/independentannotation.h"
#include "currentuser.h"
#include "widgets/imageconvert.h"
#include "store/projectstore.h"

#include <QTimer>

#include <opencv2/core.hpp>

namespace sd::ui {

MaskAutosaver::MaskAutosaver(QObject *parent) : QObject(parent), m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setInterval(0); // see the header: a kill loses at most the stroke in progress
    connect(m_timer, &QTimer::timeout, this, &MaskAutosaver::flush);
}

void MaskAutosaver::setStore(ProjectStore *store)
{
    if (store == m_store)
        return;
    flush();
    m_dirty.clear(); // unsaved changes of a store that refused them cannot go elsewhere
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

void MaskAutosaver::markDirty(qint64 frameId, qint64 structureId, const QImage &mask)
{
    m_dirty[{frameId, structureId}] = mask;
    m_timer->start(); // restarts: edits arriving together are saved together
}

bool MaskAutosaver::flush()
{
    m_timer->stop();
    if (m_dirty.empty() || !m_store)
        return true;
    int written = 0;
    int refused = 0;
    try {
        m_store->transaction([&] {
            written = 0;
            refused = 0;
            const UserIdentity user{m_author.isEmpty() ? currentUserName() : m_author, m_role};
            for (const auto &[key, image] : m_dirty) {
                const RleMask rle = RleMask::encode(qImageToMask(image));
                if (consensus::annotatesIndependently(*m_store, key.first, user)) {
                    const auto own = m_store->annotation(key.first, key.second, user.name);
                    if (own ? own->rle == rle : rle.isEmpty())
                        continue;
                    if (own && own->state == AnnotationState::Submitted) {
                        ++refused; // final: dropped below, never retried
                        continue;
                    }
                    consensus::saveOwnAnnotation(*m_store, key.first, key.second, rle, user);
                    ++written;
                    continue;
                }
                const auto stored = m_store->mask(key.first, key.second);
                if (stored ? stored->rle == rle : rle.isEmpty())
                    continue; // undone back to the stored state, or an empty new layer: no new version
                m_store->saveMask(key.first, key.second, rle, user.name);
                ++written;
            }
        });
    } catch (const std::exception &e) {
        Q_EMIT saveFailed(tr("Autosave failed, the changes are kept and retried: %1").arg(QString::fromUtf8(e.what())));
        m_timer->start();
        return false;
    }
    m_dirty.clear();
    if (written > 0)
        Q_EMIT saved(written);
    if (refused > 0)
        Q_EMIT saveFailed(tr("Your annotation is submitted and cannot change any more; the edit was not saved."));
    return true;
}

} // namespace sd::ui
