// Mouse gestures on the real FrameView, in frame pixel coordinates, for the UI tests that
// drive the canvas tools (smart select, pin issue).
#pragma once

#include "annotation/frameview.h"

#include <QtTest>

namespace sd::testsupport {

inline QPoint toView(ui::FrameView *v, QPointF frame)
{
    return v->mapFromScene(frame);
}

// Press, four moves, release: a drag the tools see as one gesture.
inline void drag(ui::FrameView *v, QPointF from, QPointF to)
{
    QTest::mousePress(v->viewport(), Qt::LeftButton, {}, toView(v, from));
    for (int i = 1; i <= 4; ++i)
        QTest::mouseMove(v->viewport(), toView(v, from + (to - from) * (i / 4.0)));
    QTest::mouseRelease(v->viewport(), Qt::LeftButton, {}, toView(v, to));
}

inline void click(ui::FrameView *v, QPointF at, Qt::KeyboardModifiers mods = {})
{
    QTest::mouseClick(v->viewport(), Qt::LeftButton, mods, toView(v, at));
}

} // namespace sd::testsupport
