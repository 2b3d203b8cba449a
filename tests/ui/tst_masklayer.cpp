// MaskLayer (fill + outline rendering, editing) and FrameView layer handling,
// without a project.
#include "annotation/frameview.h"
#include "annotation/masklayer.h"

#include <QGraphicsScene>
#include <QPainter>
#include <QtTest>

using namespace sd::ui;

class TestMaskLayer : public QObject {
    Q_OBJECT

    static QImage square(int size, QRect inside)
    {
        QImage m(size, size, QImage::Format_Grayscale8);
        m.fill(0);
        for (int y = inside.top(); y <= inside.bottom(); ++y)
            for (int x = inside.left(); x <= inside.right(); ++x)
                m.scanLine(y)[x] = 255;
        return m;
    }

    // Paints the layer alone over black and returns the picture.
    static QImage render(MaskLayer &layer)
    {
        QImage out(layer.boundingRect().size().toSize(), QImage::Format_ARGB32);
        out.fill(Qt::black);
        QPainter p(&out);
        layer.paint(&p, nullptr, nullptr);
        return out;
    }

private Q_SLOTS:
    void fillAndOutline()
    {
        MaskLayer layer(7, "Pancreas", QColor(200, 100, 0));
        layer.setFillOpacity(0.5);
        layer.setMask(square(20, QRect(5, 5, 10, 10)));
        QCOMPARE(layer.structureId(), qint64(7));
        QCOMPARE(layer.boundingRect(), QRectF(0, 0, 20, 20));
        QVERIFY(!layer.isEmpty());
        const QImage img = render(layer);
        QCOMPARE(img.pixel(0, 0), qRgb(0, 0, 0));              // outside: untouched
        const QRgb fill = img.pixel(10, 10);                    // inside: half the colour over black
        QVERIFY(qAbs(qRed(fill) - 100) <= 2 && qAbs(qGreen(fill) - 50) <= 2 && qBlue(fill) == 0);
        const QRgb edge = img.pixel(5, 10);                     // border: opaque, lighter colour
        QVERIFY(qRed(edge) > 200 && qGreen(edge) > 100);
    }

    void editingRefreshesTheRendering()
    {
        MaskLayer layer(1, "Duodenum", QColor(0, 0, 255));
        layer.setMask(square(16, QRect(2, 2, 4, 4)));
        QCOMPARE(render(layer).pixel(12, 12), qRgb(0, 0, 0));
        layer.editableMask().scanLine(12)[12] = 255;
        layer.maskChanged();
        QVERIFY(qBlue(render(layer).pixel(12, 12)) > 200); // a single pixel is all border
        layer.setMask(QImage());
        QVERIFY(layer.isEmpty());
        QCOMPARE(layer.boundingRect(), QRectF());
    }

    // A partial re-render (what a brush dab uses) gives the same picture as a full one,
    // including the outline of pixels next to the changed rectangle.
    void partialRefreshEqualsFullRebuild()
    {
        MaskLayer partial(1, "A", QColor(10, 200, 90)), full(1, "A", QColor(10, 200, 90));
        partial.setMask(square(32, QRect(4, 4, 20, 20)));
        full.setMask(square(32, QRect(4, 4, 20, 20)));
        for (int y = 10; y < 30; ++y)
            for (int x = 20; x < 28; ++x) {
                partial.editableMask().scanLine(y)[x] = (x + y) % 3 ? 255 : 0;
                full.editableMask().scanLine(y)[x] = (x + y) % 3 ? 255 : 0;
            }
        partial.maskChanged(QRect(20, 10, 8, 20));
        full.maskChanged();
        QCOMPARE(render(partial), render(full));
    }

    void outlineModeLeavesTheInsideClear()
    {
        MaskLayer layer(1, "A", QColor(200, 100, 0));
        layer.setMask(square(20, QRect(5, 5, 10, 10)));
        layer.setOutlineOnly(true);
        const QImage img = render(layer);
        QCOMPARE(img.pixel(10, 10), qRgb(0, 0, 0)); // inside: the frame shows through
        QVERIFY(qRed(img.pixel(5, 10)) > 200);       // border still drawn
        layer.setOutlineOnly(false);
        QVERIFY(qRed(render(layer).pixel(10, 10)) > 50);
    }

    void viewKeepsVisibilityAcrossFrames()
    {
        FrameView view;
        QImage frame(40, 30, QImage::Format_RGB888);
        frame.fill(Qt::darkRed);
        view.setFrame(frame, {{1, "A", Qt::cyan, square(40, QRect(1, 1, 5, 5)).copy(0, 0, 40, 30)},
                              {2, "B", Qt::yellow, square(40, QRect(10, 10, 5, 5)).copy(0, 0, 40, 30)}});
        QCOMPARE(view.layers().size(), size_t(2));
        view.setLayerVisible(2, false);
        QVERIFY(view.layer(1)->isVisible());
        QVERIFY(!view.layer(2)->isVisible());
        view.setFrame(frame, {{2, "B", Qt::yellow, square(40, QRect(0, 0, 3, 3)).copy(0, 0, 40, 30)}});
        QCOMPARE(view.layers().size(), size_t(1));
        QVERIFY(!view.layer(2)->isVisible()); // hidden stays hidden on the next frame
        QVERIFY(!view.layer(1));
        view.setCompositeImage(frame);
        QVERIFY(view.showsComposite());
        view.setLayerVisible(2, true);
        QVERIFY(!view.layer(2)->isVisible()); // the composite replaces the layers
        view.setCompositeImage(QImage());
        QVERIFY(view.layer(2)->isVisible());
    }
};

QTEST_MAIN(TestMaskLayer)
#include "tst_masklayer.moc"
