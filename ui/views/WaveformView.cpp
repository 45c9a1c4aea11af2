#include "WaveformView.h"

#include "dsp/FeatureContract.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace genrelab {

namespace {
// Same left/right margins as SpectrogramView, so time lines up vertically.
constexpr int kLeft = 56, kRight = 70;
} // namespace

WaveformView::WaveformView(QWidget *parent)
    : QWidget(parent)
{
    setToolTip(tr("Waveform of the whole track; click to move the playhead"));
}

void WaveformView::setEnvelope(WaveformEnvelope::Envelope envelope)
{
    m_envelope = std::move(envelope);
    update();
}

void WaveformView::clear()
{
    setEnvelope({});
}

void WaveformView::setSnippetStarts(std::vector<double> starts)
{
    m_starts = std::move(starts);
    update();
}

void WaveformView::setSelectedSnippet(int snippet)
{
    m_selected = snippet;
    update();
}

void WaveformView::setPlayhead(double seconds)
{
    m_playhead = seconds;
    update();
}

void WaveformView::setTimeSpan(double seconds)
{
    m_span = seconds;
    update();
}

double WaveformView::span() const
{
    return m_span > 0.0 ? m_span : m_envelope.seconds;
}

TimeAxis WaveformView::timeAxis() const
{
    return TimeAxis(kLeft, width() - kLeft - kRight, 0.0, span());
}

void WaveformView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QRect area(kLeft, 2, std::max(1, width() - kLeft - kRight), height() - 4);
    painter.fillRect(area, palette().base());
    if (m_envelope.maximum.empty())
        return;
    const TimeAxis axis = timeAxis();
    drawSnippets(painter, area);
    const int mid = area.center().y();
    const double half = area.height() / 2.0;
    painter.setPen(palette().highlight().color());
    // Bins are spread over the envelope's duration; show those within the span.
    const auto bins = int(std::min<double>(double(m_envelope.maximum.size()),
                                           m_envelope.maximum.size() * span() / std::max(1e-9, m_envelope.seconds)));
    for (int x = 0; x < area.width(); ++x) {
        const int first = x * bins / area.width(), last = std::max(first + 1, (x + 1) * bins / area.width());
        float lo = 0.0f, hi = 0.0f;
        for (int b = first; b < std::min(last, bins); ++b) {
            lo = std::min(lo, m_envelope.minimum[std::size_t(b)]);
            hi = std::max(hi, m_envelope.maximum[std::size_t(b)]);
        }
        painter.drawLine(area.left() + x, int(mid - hi * half), area.left() + x, int(mid - lo * half));
    }
    if (m_playhead >= 0) {
        painter.setPen(QPen(palette().text().color(), 2));
        painter.drawLine(axis.x(m_playhead), area.top(), axis.x(m_playhead), area.bottom());
    }
}

// Each snippet where it lies in the track: the selected one shaded, every one's start
// and end marked (dashed; for back-to-back snippets one snippet's end is the next's start).
void WaveformView::drawSnippets(QPainter &painter, const QRect &area) const
{
    const double length = FeatureContract::snippetSeconds();
    const TimeAxis axis = timeAxis();
    if (m_selected >= 0 && std::size_t(m_selected) < m_starts.size()) {
        const double start = m_starts[std::size_t(m_selected)];
        painter.fillRect(QRect(QPoint(axis.x(start), area.top()), QPoint(axis.x(start + length), area.bottom())),
                         QColor(255, 80, 80, 50));
    }
    painter.setPen(QPen(palette().mid().color(), 1, Qt::DashLine));
    for (const double start : m_starts)
        for (const double t : {start, start + length})
            if (t > 1e-9 && t < span() - 1e-9)
                painter.drawLine(axis.x(t), area.top(), axis.x(t), area.bottom());
}

void WaveformView::mousePressEvent(QMouseEvent *event)
{
    if (m_envelope.maximum.empty())
        return;
    Q_EMIT seekRequested(std::clamp(timeAxis().secondsAt(event->position().x()), 0.0, span()));
}

} // namespace genrelab
