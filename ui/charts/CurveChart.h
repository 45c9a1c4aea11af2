#pragma once

#include <QColor>
#include <QString>
#include <QWidget>

#include <memory>

namespace genrelab {

// Line charts for the training curves. The only class that touches Qt Charts, which is
// deprecated from Qt 6.10: replacing it means rewriting this file alone.
// Series are added by name; axes rescale to the data as points arrive; hovering a
// point shows its value in the tooltip.
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
    void append(int series, double x, double y);
    void clear();           // empties every series, keeps them
    void removeAllSeries(); // for charts whose series change (run comparison)
    int pointCount(int series) const;
    void setYRange(double low, double high); // fixed range (accuracy: 0–1); default: follow the data

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace genrelab
