#include "framelistmodel.h"

#include "widgets/displaynames.h"
#include "store/projectstore.h"
#include "thumbnailcache.h"

#include <algorithm>

namespace sd::ui {

FrameListModel::FrameListModel(QObject *parent)
    : QAbstractListModel(parent), m_thumbs(new ThumbnailCache(QSize(128, 102), this))
{
    connect(m_thumbs, &ThumbnailCache::thumbnailReady, this, [this](qint64 key) {
        const int row = rowOfFrame(key);
        if (row >= 0)
            Q_EMIT dataChanged(index(row), index(row), {Qt::DecorationRole, ThumbnailRole, ThumbnailFailedRole});
    });
}

FrameListModel::~FrameListModel() = default;

void FrameListModel::setProject(const ProjectStore *store)
{
    m_order.clear();
    m_store = store;
    m_thumbs->clear(); // another project's frame ids mean other frames
    reload();
}

void FrameListModel::setOrder(const std::vector<qint64> &frameIds)
{
    m_order = frameIds;
    reload();
}

void FrameListModel::reload()
{
    // The thumbnails stay: a filter, a new order or a colleague's save does not change a
    // frame's image, and clearing made every row flash "…" and decode again.
    beginResetModel();
    m_rows.clear();
    m_rowOf.clear();
    m_structures.clear();
    m_anySynthetic = false;
    if (m_store) {
        std::vector<Frame> frames = m_store->frames(m_filter);
        std::sort(frames.begin(), frames.end(), [](const Frame &a, const Frame &b) { return a.id < b.id; });
        if (!m_order.empty()) {
            std::unordered_map<qint64, size_t> rank;
            for (size_t i = 0; i < m_order.size(); ++i)
                rank.emplace(m_order[i], i);
            frames.erase(std::remove_if(frames.begin(), frames.end(), [&](const Frame &f) { return !rank.count(f.id); }),
                         frames.end());
            std::sort(frames.begin(), frames.end(),
                      [&](const Frame &a, const Frame &b) { return rank.at(a.id) < rank.at(b.id); });
        }
        m_rows.reserve(frames.size());
        for (const Frame &f : frames) {
            Row r;
            r.id = f.id;
            r.side = f.side;
            r.phase = f.phase;
            r.path = m_store->absolutePath(f.mediaPath);
            r.synthetic = f.synthetic;
            m_anySynthetic = m_anySynthetic || f.synthetic;
            m_rowOf[f.id] = int(m_rows.size());
            m_rows.push_back(std::move(r));
        }
        for (const Structure &s : m_store->structures()) {
            const int si = int(m_structures.size());
            m_structures.push_back({s.id, structureDisplayName(s), QColor(s.color)});
            FrameFilter filter;
            filter.structureId = s.id;
            for (const Frame &f : m_store->frames(filter)) {
                const auto it = m_rowOf.find(f.id);
                if (it != m_rowOf.end())
                    m_rows[size_t(it->second)].structures.push_back(si);
            }
        }
    }
    endResetModel();
}

QString FrameListModel::mediaPathAt(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[size_t(row)].path : QString();
}

void FrameListModel::frameUpdated(const Frame &frame)
{
    const int row = rowOfFrame(frame.id);
    if (row < 0)
        return;
    m_rows[size_t(row)].side = frame.side;
    m_rows[size_t(row)].phase = frame.phase;
    Q_EMIT dataChanged(index(row), index(row), {Qt::DisplayRole, Qt::ToolTipRole, SideRole, PhaseRole});
}

void FrameListModel::setFilter(const FrameFilter &filter)
{
    m_filter = filter;
    reload();
}

int FrameListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant FrameListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() < 0 || index.row() >= int(m_rows.size()))
        return {};
    const Row &r = m_rows[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return tr("Frame %1").arg(r.id);
    case Qt::ToolTipRole: {
        QStringList names;
        for (int si : r.structures)
            names << m_structures[size_t(si)].name;
        return tr("Frame %1 — %2, %3\nStructures: %4%5")
            .arg(r.id)
            .arg(sideDisplayName(r.side), phaseDisplayName(r.phase),
                 names.isEmpty() ? tr("none") : names.join(QStringLiteral(", ")),
                 r.synthetic ? tr("\nSynthetic demo frame — not patient data") : QString());
    }
    case FrameIdRole:
        return r.id;
    case SideRole:
        return sideDisplayName(r.side);
    case PhaseRole:
        return phaseDisplayName(r.phase);
    case StructureNamesRole: {
        QStringList names;
        for (int si : r.structures)
            names << m_structures[size_t(si)].name;
        return names;
    }
    case StructureColorsRole: {
        QVariantList colors;
        for (int si : r.structures)
            colors << m_structures[size_t(si)].color;
        return colors;
    }
    case SyntheticRole:
        return r.synthetic;
    case Qt::DecorationRole:
    case ThumbnailRole:
        // Only rows being painted ask, so only they are decoded.
        return m_thumbs->thumbnail(r.id, r.path);
    case ThumbnailFailedRole:
        return m_thumbs->failed(r.id);
    default:
        return {};
    }
}

qint64 FrameListModel::frameIdAt(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[size_t(row)].id : 0;
}

int FrameListModel::rowOfFrame(qint64 frameId) const
{
    const auto it = m_rowOf.find(frameId);
    return it == m_rowOf.end() ? -1 : it->second;
}

} // namespace sd::ui
