#pragma once

#include <QColor>
#include <QImage>
#include <QString>

class QPainter;

#include <vector>

namespace genrelab {

// A small line chart drawn with QPainter, for reports (the desktop charts need widgets;
// reports are written by the headless CLI too): into an image for HTML, or straight
// onto any painter — a QPdfWriter's gives vectors and real text.
// Thread contract: a value type; render() uses no GUI-thread state.
class ReportChart
{
public:
    struct Series
    {
        QString name;
        QColor colour;
        std::vector<double> x, y;
        bool dashed = false;
    };

    ReportChart(QString title, QString xTitle, QString yTitle);
    void add(Series series);
    void setYRange(double low, double high);
    QImage render(QSize size) const;
    // Draws into the rectangle (0, 0, size) of `painter`'s coordinates, white background
    // included; the caller translates and scales to place it.
    void paint(QPainter &painter, QSize size) const;

private:
    QString m_title, m_xTitle, m_yTitle;
    std::vector<Series> m_series;
    double m_low = 0.0, m_high = -1.0; // high < low: follow the data
};

} // namespace genrelab
