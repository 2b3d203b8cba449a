// Small helpers shared by the Qt Test suites: the shared fixture folder and
// whole-file reads and writes.
#pragma once

#include <nlohmann/json.hpp>

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QtTest>

#include <fstream>

namespace sd::testsupport {

// ../shared/fixtures/qwen2_5_vl_tiny beside the checkout.
inline QString fixtureDir()
{
    return QString::fromUtf8(SURGDISTILL_SHARED_DIR) + QStringLiteral("/fixtures/qwen2_5_vl_tiny");
}

inline nlohmann::json readJson(const QString &path)
{
    std::ifstream in(path.toStdString());
    return nlohmann::json::parse(in);
}

// Fails the calling test function when the file cannot be written completely.
inline void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

// Empty when the file cannot be read.
inline QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace sd::testsupport
