// The project's frames as a list model for the "Frames" dock: id, side,
// phase, structures with masks, and a lazily loaded thumbnail. Loading the
// model costs one query per structure, not one per frame, so projects with
// tens of thousands of frames open quickly.
#pragma once

#include "store/projectstore.h"

#include <QAbstractListModel>
#include <QColor>
#include <QImage>
#include <unordered_map>
#include <vector>

namespace sd {
class ProjectStore;
}

namespace sd::ui {

class ThumbnailCache;

class FrameListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        FrameIdRole = Qt::UserRole + 1,
        SideRole,            // QString display name
        PhaseRole,           // QString display name
        StructureNamesRole,  // QStringList
        StructureColorsRole, // QVariantList of QColor
        SyntheticRole,       // bool
        ThumbnailRole,       // QImage (null until loaded)
        ThumbnailFailedRole, // bool: the image file could not be decoded
    };

    explicit FrameListModel(QObject *parent = nullptr);
    ~FrameListModel() override;

    // Reloads from the store (nullptr: empty). The store must outlive the model or the next call.
    void setProject(const ProjectStore *store);
    void reload();
    // Only frames matching the filter are listed (default: all).
    void setFilter(const FrameFilter &filter);
    const FrameFilter &filter() const { return m_filter; }
    // Non-empty: only these frames (that also match the filter), in this order
    // ("Suggested next"); empty: every matching frame by id.
    void setOrder(const std::vector<qint64> &frameIds);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

    qint64 frameIdAt(int row) const;
    int rowOfFrame(qint64 frameId) const; // -1 if absent
    QString mediaPathAt(int row) const;   // absolute; empty if out of range
    void frameUpdated(const Frame &frame); // side/phase changed: refreshes that row only
    bool anySynthetic() const { return m_anySynthetic; }
    ThumbnailCache *thumbnails() const { return m_thumbs; }

private:
    struct Row {
        qint64 id = 0;
        Side side = Side::Unknown;
        QString phase;
        QString path; // absolute media path
        bool synthetic = false;
        std::vector<int> structures; // indices into m_structures
    };
    struct StructureInfo {
        qint64 id;
        QString name;
        QColor color;
    };

    const ProjectStore *m_store = nullptr;
    FrameFilter m_filter;
    std::vector<qint64> m_order;
    std::vector<Row> m_rows;
    std::vector<StructureInfo> m_structures;
    std::unordered_map<qint64, int> m_rowOf;
    bool m_anySynthetic = false;
    ThumbnailCache *m_thumbs;
};

} // namespace sd::ui
