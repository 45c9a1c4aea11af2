#include "FeatureMapGrid.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace genrelab {

namespace {
constexpr int kGap = 4;

// White at 0, red for positive and blue for negative weights, full at ±`largest`.
QRgb signedColour(float value, float largest)
{
    const double t = largest > 0.0f ? std::clamp(double(value) / double(largest), -1.0, 1.0) : 0.0;
    const int fade = int(std::lround(255.0 * (1.0 - std::abs(t))));
    return t >= 0.0 ? qRgb(255, fade, fade) : qRgb(fade, fade, 255);
}
} // namespace

FeatureMapGrid::FeatureMapGrid(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void FeatureMapGrid::setStack(const NetworkInsides::Stack &stack, Scaling scaling, double scale, int columns)
{
    m_stack = stack;
    m_scaling = scaling;
    m_scale = std::max(0.25, scale);
    m_columns = std::max(1, columns);
    m_tiles.clear();
    m_ranges.clear();
    float largest = 0.0f;
    for (float v : stack.values)
        largest = std::max(largest, std::abs(v));
    for (int c = 0; c < stack.channels; ++c) {
        const auto values = stack.channel(c);
        const auto [low, high] = std::minmax_element(values.begin(), values.end());
        m_ranges.emplace_back(*low, *high);
        m_tiles.push_back(scaling == Scaling::PerTile ? tileImage(c, *low, *high) : tileImage(c, -largest, largest));
    }
    updateGeometry();
    update();
}

void FeatureMapGrid::clear()
{
    setStack({}, m_scaling, m_scale, m_columns);
}

// Rows of the stack are time, columns mel bands: drawn transposed, low bands at the bottom.
QImage FeatureMapGrid::tileImage(int channel, float low, float high) const
{
    const auto values = m_stack.channel(channel);
    QImage image(m_stack.height, m_stack.width, QImage::Format_RGB32);
    const float range = high - low;
    for (int band = 0; band < m_stack.width; ++band) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(m_stack.width - 1 - band));
        for (int t = 0; t < m_stack.height; ++t) {
            const float v = values[std::size_t(t) * std::size_t(m_stack.width) + std::size_t(band)];
            line[t] = m_scaling == Scaling::SharedSigned ? signedColour(v, high) : m_map.at(range > 0.0f ? (v - low) / range : 0.0);
        }
    }
    return image;
}

QRect FeatureMapGrid::tileRect(int tile) const
{
    const QSize size(int(std::lround(m_stack.height * m_scale)), int(std::lround(m_stack.width * m_scale)));
    return {QPoint((tile % m_columns) * (size.width() + kGap), (tile / m_columns) * (size.height() + kGap)), size};
}

int FeatureMapGrid::tileAt(const QPoint &position) const
{
    for (int i = 0; i < tileCount(); ++i)
        if (tileRect(i).contains(position))
            return i;
    return -1;
}

QString FeatureMapGrid::describe(int tile) const
{
    if (tile < 0 || tile >= tileCount())
        return {};
    const auto [low, high] = m_ranges[std::size_t(tile)];
    const QString text = tr("%1 %2: %3 … %4")
                             .arg(m_scaling == Scaling::SharedSigned ? tr("kernel") : tr("channel"))
                             .arg(tile + 1)
                             .arg(double(low), 0, 'g', 3)
                             .arg(double(high), 0, 'g', 3);
    // A channel the ReLU silenced everywhere is BatchNorm's constant: say what that means.
    return low == high && m_scaling == Scaling::PerTile ? text + tr(", the same everywhere: this filter found nothing here") : text;
}

QSize FeatureMapGrid::sizeHint() const
{
    if (m_tiles.empty())
        return {0, 0};
    const int rows = (tileCount() + m_columns - 1) / m_columns;
    const QRect last = tileRect((rows - 1) * m_columns + std::min(m_columns, tileCount()) - 1);
    return {last.right() + 1, last.bottom() + 1};
}

void FeatureMapGrid::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    for (int i = 0; i < tileCount(); ++i)
        painter.drawImage(tileRect(i), m_tiles[std::size_t(i)]);
}

bool FeatureMapGrid::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = describe(tileAt(help->pos()));
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace genrelab
