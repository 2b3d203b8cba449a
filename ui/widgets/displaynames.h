// User-visible names for stored codes (side, phase, review state, seeded
// structures, split), translated.
#pragma once

#include "entities.h"

#include <QString>

namespace sd::ui {

QString sideDisplayName(Side side);            // "Left-sided", "Right-sided", "Unknown side"
QString phaseDisplayName(const QString &phase); // "cme_mobilisation" -> "CME mobilisation"
QString reviewStateDisplayName(ReviewState state);
QString structureDisplayName(const Structure &structure); // seeded English names translated
QString splitDisplayName(const QString &split);           // "train" -> "training", "" -> "unassigned"
QString timestampDisplay(double seconds);       // "1:02:03.40"

} // namespace sd::ui
