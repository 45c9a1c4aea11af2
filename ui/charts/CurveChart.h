#pragma once

#include <QColor>
#include <QPointF>
#include <QString>
#include <QWidget>

#include <memory>
#include <utility>
#include <vector>

class QLabel;

namespace genrelab {

// Line charts for the training curves. The only class that touches Qt Charts, which is
// deprecated from Qt 6.10: replacing it means rewriting this file alone.
// Series are added by name. The x axis (epochs) runs from 0 with round ticks and a
// little room after the last point, so no point sits on the clipped edge; the y axis
// is fitted to the data with a margin and widened to round ticks (NiceScale), unless
// fixed. Moving the mouse over the plot shows, below it, each series' value nearest to
// that x (readoutAt).
// Thread contract: GUI thread.
class CurveChart : public QWidget
{
    Q_OBJECT
public:
    explicit CurveChart(const QString &title, const QString &xTitle, const QString &yTitle, QWidget *parent = nullptr);
    ~CurveChart() override;

    enum class Style { Faint, Line, LineWithPoints, Dashed }; // Faint: thin, translucent (raw batch loss)
    // Returns the series' index.
    int addSeries(const QString &name, const QColor &colour, Style style = Style::LineWithPoints);
    // Leaves the series out of the legend (a run's training curve beside its validation
    // curve: one legend entry per run, in the run's colour).
    void hideFromLegend(int series);
    bool inLegend(int series) const;
    void append(int series, double x, double y);
    void replace(int series, const std::vector<QPointF> &points); // e.g. re-smoothed
    void clear();           // empties every series, keeps them
    void removeAllSeries(); // for charts whose series change (run comparison)
    int pointCount(int series) const;
    std::vector<QPointF> points(int series) const;
    void setYRange(double low, double high); // fixed range (accuracy: 0–1); default: follow the data

    std::pair<double, double> xRange() const;
    std::pair<double, double> yRange() const;
    double xTickInterval() const;
    double yTickInterval() const;
    // "epoch 2.4 · batch loss 0.512 · …": the value of every non-empty series nearest
    // to x; what the read-out line under the plot shows while hovering.
    QString readoutAt(double x) const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void rescale();
    void growBounds(double x, double y);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace genrelab
