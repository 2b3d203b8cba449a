// Python's notion of whitespace (str.split() / str.rstrip() without
// arguments), which the reference metric implementations rely on. It differs
// from QChar::isSpace (e.g. U+001C..U+001F are whitespace for Python).
#pragma once

#include <QString>
#include <QStringList>

namespace sd::metrics::detail {

bool isPythonWhitespace(char32_t c);

// str.split(): runs of whitespace separate tokens, no empty tokens.
QStringList pythonSplit(const QString &s);

// str.rstrip()
QString pythonRStrip(const QString &s);

} // namespace sd::metrics::detail
