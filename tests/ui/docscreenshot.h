// Screenshots for docs/screenshots, taken by UI tests through the real widgets:
// scripts/screenshots.sh runs a test with SURGDISTILL_SCREENSHOT_DIR set, and the test
// writes its view there once it has checked it. Without the variable nothing is written.
#pragma once

#include "widgets/apptheme.h"
#include "widgets/screenshotpng.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QtTest>

namespace sd::testsupport {

inline bool docScreenshotsWanted() { return !qEnvironmentVariableIsEmpty("SURGDISTILL_SCREENSHOT_DIR"); }

// The app's theme, for a test that writes screenshots; call it before the widgets are made
// (colours some widgets take from the palette when filled stay as they were).
inline void themeForDocScreenshots()
{
    if (docScreenshotsWanted())
        sd::ui::applyAppTheme(*qApp);
}

// Writes NAME.png (at most 390 KB) of `widget`.
inline void writeDocScreenshot(QWidget &widget, const QString &name)
{
    if (!docScreenshotsWanted())
        return;
    QTest::qWait(100);
    QFile png(QDir(qEnvironmentVariable("SURGDISTILL_SCREENSHOT_DIR")).filePath(name + QStringLiteral(".png")));
    const QByteArray bytes = sd::ui::encodeScreenshotPng(widget.grab().toImage(), 390);
    QVERIFY(!bytes.isEmpty() && png.open(QIODevice::WriteOnly) && png.write(bytes) == bytes.size());
}

} // namespace sd::testsupport
