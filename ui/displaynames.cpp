#include "displaynames.h"

#include <QCoreApplication>
#include <cmath>

namespace sd::ui {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sd::ui::DisplayNames", text);
}
} // namespace

QString sideDisplayName(Side side)
{
    switch (side) {
    case Side::Left: return tr("Left-sided");
    case Side::Right: return tr("Right-sided");
    case Side::Unknown: break;
    }
    return tr("Unknown side");
}

QString phaseDisplayName(const QString &phase)
{
    if (phase.isEmpty())
        return tr("No phase");
    if (phase == QLatin1String("cme_mobilisation"))
        return tr("CME mobilisation");
    if (phase == QLatin1String("vascular_dissection"))
        return tr("Vascular dissection");
    if (phase == QLatin1String("access_exposure"))
        return tr("Access / exposure");
    // Unknown codes: "some_phase" -> "Some phase".
    QString s = phase;
    s.replace(QLatin1Char('_'), QLatin1Char(' '));
    s[0] = s[0].toUpper();
    return s;
}

QString reviewStateDisplayName(ReviewState state)
{
    switch (state) {
    case ReviewState::Draft: return tr("Draft");
    case ReviewState::Submitted: return tr("Submitted");
    case ReviewState::Approved: return tr("Approved");
    case ReviewState::ChangesRequested: return tr("Changes requested");
    }
    return {};
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
