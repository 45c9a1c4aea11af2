#pragma once

#include "ColourMap.h"

#include <QWidget>

#include <functional>

namespace genrelab {

// A horizontal colour bar for a heat map: the gradient from `low` to `high` with its
// end labels and a caption ("share of the true class").
// Thread contract: GUI thread.
class ColourLegend : public QWidget
{
    Q_OBJECT
public:
    // `colourAt(t)` for t in [0, 1] gives the colour shown for that value.
    ColourLegend(std::function<QColor(double)> colourAt, QString low, QString high, QString caption,
                 QWidget *parent = nullptr);
    QSize sizeHint() const override { return {240, fontMetrics().height() * 2 + 16}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    std::function<QColor(double)> m_colourAt;
    QString m_low, m_high, m_caption;
};

} // namespace genrelab
