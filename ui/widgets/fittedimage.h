// An image scaled to fit its widget, aspect ratio kept (the review screens'
// overlay picture), with a text shown instead when there is no image.
#pragma once

#include <QImage>
#include <QWidget>

namespace sd::ui {

class FittedImage : public QWidget {
    Q_OBJECT
public:
    explicit FittedImage(QWidget *parent = nullptr);
    void setImage(const QImage &image, const QString &placeholder = {});
    QImage image() const { return m_image; }
    QSize sizeHint() const override { return {560, 448}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QImage m_image;
    QString m_placeholder;
};

// wordDiff()'s "[-removed-]{+added+}" markup as HTML (removed struck through in red, added in green).
QString wordDiffHtml(const QString &diffMarkup);

} // namespace sd::ui
