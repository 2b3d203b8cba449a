#include "entities.h"

namespace sd {

QString sideToString(Side s)
{
    switch (s) {
    case Side::Left: return QStringLiteral("left");
    case Side::Right: return QStringLiteral("right");
    case Side::Unknown: break;
    }
    return QStringLiteral("unknown");
}

Side sideFromString(const QString &s)
{
    if (s == QLatin1String("left"))
        return Side::Left;
    if (s == QLatin1String("right"))
        return Side::Right;
    return Side::Unknown;
}

QString reviewStateToString(ReviewState s)
{
    switch (s) {
    case ReviewState::Submitted: return QStringLiteral("submitted");
    case ReviewState::Approved: return QStringLiteral("approved");
    case ReviewState::ChangesRequested: return QStringLiteral("changes_requested");
    case ReviewState::Draft: break;
    }
    return QStringLiteral("draft");
}

ReviewState reviewStateFromString(const QString &s)
{
    if (s == QLatin1String("submitted"))
        return ReviewState::Submitted;
    if (s == QLatin1String("approved"))
        return ReviewState::Approved;
    if (s == QLatin1String("changes_requested"))
        return ReviewState::ChangesRequested;
    return ReviewState::Draft;
}

} // namespace sd
