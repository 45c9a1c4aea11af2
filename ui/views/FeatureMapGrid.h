#pragma once

#include "ColourMap.h"
#include "ml/NetworkInsides.h"

#include <QWidget>

#include <vector>

namespace genrelab {

// A stack of maps (a convolution block's channels, or kernels) as a grid of tiles, one
// per channel, each drawn like the spectrogram (time → right, mel band → up). Feature
// maps are coloured each on its own range (a channel's pattern matters, not its scale,
// which BatchNorm sets); kernels share one range centred on 0, red positive and blue
// negative, so that their weights compare. Hovering a tile names it and its range.
// Thread contract: GUI thread.
class FeatureMapGrid : public QWidget
{
    Q_OBJECT
public:
    enum class Scaling { PerTile, SharedSigned };

    explicit FeatureMapGrid(QWidget *parent = nullptr);

    // `scale` screen pixels per value (fractional: tiles of blocks of other sizes can be
    // drawn alike); `columns` tiles a row.
    void setStack(const NetworkInsides::Stack &stack, Scaling scaling, double scale, int columns);
    void clear();
    int tileCount() const { return int(m_tiles.size()); }
    // A tile's values as drawn: width = the stack's height (time), height = its width (bands).
    QSize tileShape() const { return {m_stack.height, m_stack.width}; }
    QRect tileRect(int tile) const;
    // The tile under a point, −1 when none.
    int tileAt(const QPoint &position) const;
    // "channel 5: −0.31 … 2.04"
    QString describe(int tile) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    QImage tileImage(int channel, float low, float high) const;

    NetworkInsides::Stack m_stack;
    std::vector<QImage> m_tiles;
    std::vector<std::pair<float, float>> m_ranges;
    ColourMap m_map{ColourMap::Name::Viridis};
    Scaling m_scaling = Scaling::PerTile;
    double m_scale = 1.0;
    int m_columns = 8;
};

} // namespace genrelab
