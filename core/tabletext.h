// Cells of the tables that reports write as CSV and Markdown (evaluation report,
// agreement report): arbitrary text must neither break a row nor turn into markup.
#pragma once

#include <QString>

namespace sd {

// RFC 4180: quoted (inner quotes doubled) only when it holds a comma, quote or newline.
QString csvField(const QString &s);
// Markdown's special characters escaped, line breaks as spaces.
QString markdownEscape(const QString &s);

} // namespace sd
