#pragma once

#include <QColor>
#include <QImage>
#include <QString>

#include <vector>

namespace genrelab {

// A small line chart drawn with QPainter into an image, for reports (the desktop
// charts need widgets; reports are written by the headless CLI too).
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

private:
    QString m_title, m_xTitle, m_yTitle;
    std::vector<Series> m_series;
    double m_low = 0.0, m_high = -1.0; // high < low: follow the data
};

} // namespace genrelab
