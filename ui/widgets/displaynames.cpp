#include "displaynames.h"

#include <QCoreApplication>
#include <cmath>
#include <utility>

namespace sd::ui {

namespace {
// lupdate only recognises tr() inside classes; this gives the free functions
// below one translation context, "sd::ui::DisplayNames".
struct DisplayNames {
    Q_DECLARE_TR_FUNCTIONS(sd::ui::DisplayNames)
};
} // namespace

QString sideDisplayName(Side side)
{
    switch (side) {
    case Side::Left: return DisplayNames::tr("Left-sided");
    case Side::Right: return DisplayNames::tr("Right-sided");
    case Side::Unknown: break;
    }
    return DisplayNames::tr("Unknown side");
}

QString phaseDisplayName(const QString &phase)
{
    if (phase.isEmpty())
        return DisplayNames::tr("No phase");
    if (phase == QLatin1String("cme_mobilisation"))
        return DisplayNames::tr("CME mobilisation");
    if (phase == QLatin1String("vascular_dissection"))
        return DisplayNames::tr("Vascular dissection");
    if (phase == QLatin1String("access_exposure"))
        return DisplayNames::tr("Access / exposure");
    // Unknown codes: "some_phase" -> "Some phase".
    QString s = phase;
    s.replace(QLatin1Char('_'), QLatin1Char(' '));
    s[0] = s[0].toUpper();
    return s;
}

QString reviewStateDisplayName(ReviewState state)
{
    switch (state) {
    case ReviewState::Draft: return DisplayNames::tr("Draft");
    case ReviewState::Submitted: return DisplayNames::tr("Submitted");
    case ReviewState::Approved: return DisplayNames::tr("Approved");
    case ReviewState::ChangesRequested: return DisplayNames::tr("Changes requested");
    }
    return {};
}

QString structureDisplayName(const Structure &structure)
{
    // The five seeded structures are named in English in the database (the
    // name is also the source text); show them in the user's language unless
    // the project renamed them.
    static const std::pair<const char *, const char *> known[] = {
        {"preparation_plane", QT_TRANSLATE_NOOP("sd::ui::DisplayNames", "Preparation plane")},
        {"angels_hair", QT_TRANSLATE_NOOP("sd::ui::DisplayNames", "Angel's hair")},
        {"vena_mesenterica_inferior", QT_TRANSLATE_NOOP("sd::ui::DisplayNames", "Vena mesenterica inferior")},
        {"duodenum", QT_TRANSLATE_NOOP("sd::ui::DisplayNames", "Duodenum")},
        {"pancreas", QT_TRANSLATE_NOOP("sd::ui::DisplayNames", "Pancreas")},
    };
    for (const auto &[key, name] : known)
        if (structure.key == QLatin1String(key)
            && (structure.name.isEmpty() || structure.name == QLatin1String(name)))
            return DisplayNames::tr(name);
    return structure.name.isEmpty() ? structure.key : structure.name;
}

QString splitDisplayName(const QString &split)
{
    if (split.isEmpty())
        return DisplayNames::tr("unassigned");
    if (split == QLatin1String("train"))
        return DisplayNames::tr("training");
    if (split == QLatin1String("val"))
        return DisplayNames::tr("validation");
    if (split == QLatin1String("test"))
        return DisplayNames::tr("test");
    return split;
}

QString timestampDisplay(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return QStringLiteral("–");
    const qint64 centis = qint64(std::llround(seconds * 100));
    const qint64 h = centis / 360000, m = (centis / 6000) % 60, s = (centis / 100) % 60, c = centis % 100;
    return QStringLiteral("%1:%2:%3.%4")
        .arg(h)
        .arg(m, 2, 10, QLatin1Char('0'))
        .arg(s, 2, 10, QLatin1Char('0'))
        .arg(c, 2, 10, QLatin1Char('0'));
}

} // namespace sd::ui
