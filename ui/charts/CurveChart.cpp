#include "CurveChart.h"

#include "NiceScale.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace genrelab {

namespace {
constexpr double kYMargin = 0.05; // of the data's span, above and below
constexpr double kXRoom = 0.03;   // of the x range, after a last point that sits on the edge
constexpr double kXEdge = 0.01;   // closer than this to the end counts as on the edge
} // namespace

struct CurveChart::Private
{
    QChart *chart = nullptr;
    QChartView *view = nullptr;
    QValueAxis *x = nullptr;
    QValueAxis *y = nullptr;
    QLabel *readout = nullptr;
    QString xTitle;
    std::vector<QLineSeries *> series;
    double maxX = 0.0, minY = std::numeric_limits<double>::max(), maxY = std::numeric_limits<double>::lowest();
    bool fixedY = false;
    double fixedLow = 0.0, fixedHigh = 1.0;
};

CurveChart::CurveChart(const QString &title, const QString &xTitle, const QString &yTitle, QWidget *parent)
    : QWidget(parent)
    , d(std::make_unique<Private>())
{
    d->xTitle = xTitle;
    d->chart = new QChart;
    d->chart->setTitle(title);
    d->chart->legend()->setAlignment(Qt::AlignBottom);
    d->chart->setMargins(QMargins(4, 4, 12, 4)); // room for the last x label
    d->x = new QValueAxis;
    d->x->setTitleText(xTitle);
    d->x->setLabelFormat(QStringLiteral("%g"));
    d->x->setTickType(QValueAxis::TicksDynamic);
    d->x->setTickAnchor(0.0);
    d->y = new QValueAxis;
    d->y->setTitleText(yTitle);
    d->y->setLabelFormat(QStringLiteral("%g"));
    d->y->setTickType(QValueAxis::TicksDynamic);
    d->chart->addAxis(d->x, Qt::AlignBottom);
    d->chart->addAxis(d->y, Qt::AlignLeft);
    d->view = new QChartView(d->chart, this);
    d->view->setRenderHint(QPainter::Antialiasing);
    d->view->setMouseTracking(true);
    d->view->viewport()->installEventFilter(this);
    d->view->setMinimumSize(200, 150);
    d->readout = new QLabel(this);
    d->readout->setObjectName(QStringLiteral("chartReadout"));
    d->readout->setTextFormat(Qt::PlainText);
    d->readout->setText(tr("Hover the chart to read its values"));
    d->readout->setMinimumWidth(1); // a long read-out is cut, never widens the window
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(d->view, 1);
    layout->addWidget(d->readout);
    clear();
}

CurveChart::~CurveChart() = default;

int CurveChart::addSeries(const QString &name, const QColor &colour, Style style)
{
    const bool faint = style == Style::Faint;
    auto *series = new QLineSeries;
    series->setName(name);
    // Faint, yet visible: the raw batch loss is the data the smoothed line summarises.
    QPen pen(faint ? QColor(colour.red(), colour.green(), colour.blue(), 120) : colour);
    pen.setWidthF(faint ? 1.2 : 2.0);
    if (style == Style::Dashed)
        pen.setStyle(Qt::DashLine);
    series->setPen(pen);
    series->setPointsVisible(style == Style::LineWithPoints);
    d->chart->addSeries(series);
    series->attachAxis(d->x);
    series->attachAxis(d->y);
    d->series.push_back(series);
    return int(d->series.size()) - 1;
}

void CurveChart::hideFromLegend(int series)
{
    for (QLegendMarker *marker : d->chart->legend()->markers(d->series[std::size_t(series)]))
        marker->setVisible(false);
}

bool CurveChart::inLegend(int series) const
{
    const QList<QLegendMarker *> markers = d->chart->legend()->markers(d->series[std::size_t(series)]);
    return std::any_of(markers.begin(), markers.end(), [](const QLegendMarker *m) { return m->isVisible(); });
}

void CurveChart::growBounds(double x, double y)
{
    d->maxX = std::max(d->maxX, x);
    if (std::isfinite(y)) {
        d->minY = std::min(d->minY, y);
        d->maxY = std::max(d->maxY, y);
    }
}

void CurveChart::append(int series, double x, double y)
{
    d->series[std::size_t(series)]->append(x, y);
    growBounds(x, y);
    rescale();
}

void CurveChart::replace(int series, const std::vector<QPointF> &points)
{
    d->series[std::size_t(series)]->replace(QList<QPointF>(points.begin(), points.end()));
    // A replaced series may have shrunk: the bounds are taken again from every point.
    d->maxX = 0.0;
    d->minY = std::numeric_limits<double>::max();
    d->maxY = std::numeric_limits<double>::lowest();
    for (QLineSeries *s : d->series)
        for (const QPointF &p : s->points())
            growBounds(p.x(), p.y());
    rescale();
}

void CurveChart::rescale()
{
    // x: whole epochs (or round multiples) from 0, plus room so the last point and its
    // marker are drawn whole rather than cut by the plot's edge.
    const double xStep = std::max(1.0, NiceScale::niceStep(std::max(1.0, d->maxX), 8));
    const double xEnd = std::max(xStep, std::ceil(d->maxX / xStep - 1e-9) * xStep);
    const double xHigh = xEnd - d->maxX < kXEdge * xEnd ? d->maxX + kXRoom * xEnd : xEnd;
    d->x->setTickInterval(xStep);
    d->x->setRange(0.0, xHigh);
    if (d->fixedY) {
        const NiceScale scale(d->fixedLow, d->fixedHigh, 5);
        d->y->setTickAnchor(d->fixedLow);
        d->y->setTickInterval(scale.step());
        d->y->setRange(d->fixedLow, d->fixedHigh);
        return;
    }
    const NiceScale scale = d->minY <= d->maxY ? NiceScale(d->minY, d->maxY, 6, kYMargin) : NiceScale(0.0, 1.0, 5);
    d->y->setTickAnchor(scale.low());
    d->y->setTickInterval(scale.step());
    d->y->setRange(scale.low(), scale.high());
}

void CurveChart::clear()
{
    for (QLineSeries *series : d->series)
        series->clear();
    d->maxX = 0.0;
    d->minY = std::numeric_limits<double>::max();
    d->maxY = std::numeric_limits<double>::lowest();
    rescale();
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

std::vector<QPointF> CurveChart::points(int series) const
{
    const QList<QPointF> list = d->series[std::size_t(series)]->points();
    return {list.begin(), list.end()};
}

void CurveChart::setYRange(double low, double high)
{
    d->fixedY = true;
    d->fixedLow = low;
    d->fixedHigh = high;
    rescale();
}

std::pair<double, double> CurveChart::xRange() const
{
    return {d->x->min(), d->x->max()};
}

std::pair<double, double> CurveChart::yRange() const
{
    return {d->y->min(), d->y->max()};
}

double CurveChart::xTickInterval() const
{
    return d->x->tickInterval();
}

double CurveChart::yTickInterval() const
{
    return d->y->tickInterval();
}

QString CurveChart::readoutAt(double x) const
{
    QStringList parts;
    for (QLineSeries *series : d->series) {
        if (series->count() == 0)
            continue;
        const QList<QPointF> points = series->points();
        // Points arrive in x order: the nearest is beside the first one at or after x.
        auto it = std::lower_bound(points.begin(), points.end(), x, [](const QPointF &p, double v) { return p.x() < v; });
        if (it == points.end() || (it != points.begin() && x - (it - 1)->x() < it->x() - x))
            --it;
        parts << QStringLiteral("%1 %2").arg(series->name()).arg(it->y(), 0, 'g', 4);
    }
    if (parts.isEmpty())
        return {};
    return QStringLiteral("%1 %2 · %3").arg(d->xTitle).arg(x, 0, 'f', 2).arg(parts.join(QStringLiteral(" · ")));
}

bool CurveChart::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == d->view->viewport() && event->type() == QEvent::MouseMove) {
        const QPointF scene = d->view->mapToScene(static_cast<QMouseEvent *>(event)->position().toPoint());
        const QPointF inChart = d->chart->mapFromScene(scene);
        if (d->chart->plotArea().contains(inChart)) {
            const QString text = readoutAt(d->chart->mapToValue(inChart).x());
            if (!text.isEmpty())
                d->readout->setText(text);
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace genrelab
