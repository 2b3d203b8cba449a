#include "pywhitespace.h"

namespace sd::metrics::detail {

bool isPythonWhitespace(char32_t c)
{
    // Code points for which CPython's str.isspace() is true.
    switch (c) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D:
    case 0x1C: case 0x1D: case 0x1E: case 0x1F: case 0x20:
    case 0x85: case 0xA0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
    default:
        return c >= 0x2000 && c <= 0x200A;
    }
}

QStringList pythonSplit(const QString &s)
{
    // Every Python whitespace code point is in the BMP and no surrogate is
    // whitespace, so scanning UTF-16 units keeps surrogate pairs intact.
    QStringList tokens;
    qsizetype start = -1;
    for (qsizetype i = 0; i <= s.size(); ++i) {
        const bool space = i == s.size() || isPythonWhitespace(s.at(i).unicode());
        if (space && start >= 0) {
            tokens.append(s.mid(start, i - start));
            start = -1;
        } else if (!space && start < 0) {
            start = i;
        }
    }
    return tokens;
}

QString pythonRStrip(const QString &s)
{
    // All Python whitespace is in the BMP, so a UTF-16 unit check is exact.
    qsizetype end = s.size();
    while (end > 0 && isPythonWhitespace(s.at(end - 1).unicode()))
        --end;
    return s.left(end);
}

} // namespace sd::metrics::detail
