// Documentation screenshots as PNG within a size limit (surgdistill --screenshot,
// and the views that tests photograph for docs/screenshots).
#pragma once

#include <QByteArray>
#include <QImage>

namespace sd::ui {

// Encodes the screenshot as PNG. With a size limit (maxKb > 0), drops low bits of each
// colour channel (8 -> 7 -> 6 -> 5 bits) until it fits: invisible on a textured picture,
// and it keeps documentation images small without tools. Empty on an encoding error.
QByteArray encodeScreenshotPng(const QImage &shot, int maxKb);

} // namespace sd::ui
