// Error of every import path (images, video, COCO, index masks): names the
// offending file (or image entry) and says why; when it is thrown nothing has
// been written to the project.
#pragma once

#include <QString>
#include <stdexcept>

namespace sd {

class ImportError : public std::runtime_error {
public:
    ImportError(const QString &file, const QString &reason)
        : std::runtime_error((file.isEmpty() ? reason : file + QStringLiteral(": ") + reason).toStdString())
        , m_file(file)
        , m_reason(reason)
    {
    }
    QString file() const { return m_file; }
    QString reason() const { return m_reason; }

private:
    QString m_file;
    QString m_reason;
};

} // namespace sd
