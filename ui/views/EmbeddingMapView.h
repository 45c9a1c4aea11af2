#pragma once

#include <QImage>
#include <QList>
#include <QPolygonF>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <vector>

namespace genrelab {

// The embedding map: one dot per snippet at its 2-D position, coloured by its true class
// (ChartPalette, as everywhere), mistakes ringed in black, a legend of the classes.
// Hover names a point; a click picks it; dragging draws a lasso whose points are listed.
// The dots are drawn once into an image (20 000 points stay interactive: hover and lasso
// only repaint their outline over it).
// Thread contract: GUI thread.
class EmbeddingMapView : public QWidget
{
    Q_OBJECT
public:
    struct Point
    {
        float x = 0.0f, y = 0.0f;
        int trueLabel = -1;
        bool mistake = false;
        QString name; // what hovering shows
    };

    explicit EmbeddingMapView(QWidget *parent = nullptr);

    void setPoints(std::vector<Point> points, QStringList classes);
    void clear();
    int pointCount() const { return int(m_points.size()); }
    const Point &point(int index) const { return m_points[std::size_t(index)]; }
    // The nearest point within a few pixels of `position`, or −1.
    int pointAt(const QPointF &position) const;
    // Where point `index` is drawn, in widget coordinates.
    QPointF screenPosition(int index) const;
    // Selects the points inside `polygon` (widget coordinates), as a drawn lasso does.
    void lasso(const QPolygonF &polygon);
    const QList<int> &lassoed() const { return m_lassoed; }

    QSize sizeHint() const override { return {640, 480}; }
    QSize minimumSizeHint() const override { return {240, 200}; }

Q_SIGNALS:
    void pointClicked(int index);
    void lassoChanged(const QList<int> &indices);
    void hovered(const QString &text);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    QRectF plotRect() const;
    void rebuildImage();
    void drawLegend(QPainter &painter) const;

    std::vector<Point> m_points;
    QStringList m_classes;
    QRectF m_bounds; // of the data
    QImage m_image;  // the dots, widget-sized
    QPolygonF m_drawing; // the lasso being drawn
    QList<int> m_lassoed;
    int m_hover = -1;
    QPointF m_pressedAt;
};

} // namespace genrelab
