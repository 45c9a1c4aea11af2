#include "CurveChart.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QToolTip>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace genrelab {

struct CurveChart::Private
{
    QChart *chart = nullptr;
    QValueAxis *x = nullptr;
    QValueAxis *y = nullptr;
    std::vector<QLineSeries *> series;
    double maxX = 1.0, minY = std::numeric_limits<double>::max(), maxY = std::numeric_limits<double>::lowest();
    bool fixedY = false;
};

CurveChart::CurveChart(const QString &title, const QString &xTitle, const QString &yTitle, QWidget *parent)
    : QWidget(parent)
    , d(std::make_unique<Private>())
{
    d->chart = new QChart;
    d->chart->setTitle(title);
    d->chart->legend()->setAlignment(Qt::AlignBottom);
    d->chart->setMargins(QMargins(4, 4, 4, 4));
    d->x = new QValueAxis;
    d->x->setTitleText(xTitle);
    d->x->setLabelFormat(QStringLiteral("%g"));
    d->y = new QValueAxis;
    d->y->setTitleText(yTitle);
    d->chart->addAxis(d->x, Qt::AlignBottom);
    d->chart->addAxis(d->y, Qt::AlignLeft);
    auto *view = new QChartView(d->chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view);
    clear();
}

CurveChart::~CurveChart() = default;

int CurveChart::addSeries(const QString &name, const QColor &colour, Style style)
{
    const bool faint = style == Style::Faint;
    auto *series = new QLineSeries;
    series->setName(name);
    QPen pen(faint ? QColor(colour.red(), colour.green(), colour.blue(), 70) : colour);
    pen.setWidthF(faint ? 1.0 : 2.0);
    if (style == Style::Dashed)
        pen.setStyle(Qt::DashLine);
    series->setPen(pen);
    series->setPointsVisible(style == Style::LineWithPoints);
    d->chart->addSeries(series);
    series->attachAxis(d->x);
    series->attachAxis(d->y);
    connect(series, &QLineSeries::hovered, this, [name](const QPointF &point, bool state) {
        if (state)
            QToolTip::showText(QCursor::pos(), QStringLiteral("%1: %2 at %3").arg(name).arg(point.y(), 0, 'g', 4).arg(point.x(), 0, 'g', 4));
    });
    d->series.push_back(series);
    return int(d->series.size()) - 1;
}

void CurveChart::append(int series, double x, double y)
{
    d->series[std::size_t(series)]->append(x, y);
    d->maxX = std::max(d->maxX, x);
    d->x->setRange(0.0, d->maxX);
    if (d->fixedY)
        return;
    d->minY = std::min(d->minY, y);
    d->maxY = std::max(d->maxY, y);
    const double margin = std::max(1e-6, (d->maxY - d->minY) * 0.05);
    d->y->setRange(std::min(0.0, d->minY - margin), d->maxY + margin);
}

void CurveChart::clear()
{
    for (QLineSeries *series : d->series)
        series->clear();
    d->maxX = 1.0;
    d->minY = std::numeric_limits<double>::max();
    d->maxY = std::numeric_limits<double>::lowest();
    d->x->setRange(0.0, 1.0);
    if (!d->fixedY)
        d->y->setRange(0.0, 1.0);
}

void CurveChart::removeAllSeries()
{
    d->chart->removeAllSeries(); // deletes them
    d->series.clear();
    clear();
}

int CurveChart::pointCount(int series) const
{
    return int(d->series[std::size_t(series)]->count());
}

void CurveChart::setYRange(double low, double high)
{
    d->fixedY = true;
    d->y->setRange(low, high);
}

} // namespace genrelab
