#include "SpectrogramView.h"

#include "dsp/FeatureContract.h"
#include "dsp/MelFilterbank.h"
#include "dsp/MelSpectrogram.h"
#include "TimeAxis.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>

namespace genrelab {

namespace {
using C = FeatureContract;
constexpr int kLeftMargin = 56, kBottomMargin = 40, kTopMargin = 8, kRightMargin = 70;
constexpr double kSecondsPerFrame = double(C::hop) / C::sampleRate;

double bandCentreHz(int band)
{
    return MelSpectrogram::filterbank().edgesHz()[std::size_t(band) + 1];
}

double valueToDb(float v)
{
    return (double(v) - 0.001) * C::topDb - C::topDb;
}
} // namespace

SpectrogramView::SpectrogramView(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setToolTip(tr("What the network sees: click a snippet to select it, Ctrl+wheel to zoom, wheel to scroll"));
}

void SpectrogramView::setFeatures(std::span<const float> values, int snippets, std::vector<double> starts)
{
    m_values.assign(values.begin(), values.end());
    m_snippets = snippets;
    m_starts = std::move(starts);
    m_starts.resize(std::size_t(std::max(0, snippets)), 0.0); // never read past them
    m_selected = snippets > 0 ? 0 : -1;
    m_zoom = 1.0;
    m_offset = 0.0;
    m_evidence.clear();
    m_evidenceSnippet = -1;
    m_evidenceImage = QImage();
    rebuildImage();
    update();
    Q_EMIT shownSnippetChanged();
}

void SpectrogramView::clear()
{
    setFeatures({}, 0, {});
}

bool SpectrogramView::showsSpreadWindows() const
{
    for (int k = 0; k < m_snippets; ++k)
        if (std::abs(m_starts[std::size_t(k)] - k * C::snippetSeconds()) > 1e-6)
            return true;
    return false;
}

double SpectrogramView::audioSeconds(double shown) const
{
    if (m_snippets == 0)
        return shown;
    const int k = std::clamp(int(shown / C::snippetSeconds()), 0, m_snippets - 1);
    return m_starts[std::size_t(k)] + (shown - k * C::snippetSeconds());
}

double SpectrogramView::shownSeconds(double audio) const
{
    for (int k = 0; k < m_snippets; ++k) {
        const double into = audio - m_starts[std::size_t(k)];
        if (into >= 0.0 && into < C::snippetSeconds())
            return k * C::snippetSeconds() + into;
    }
    return -1.0;
}

void SpectrogramView::setColourMap(ColourMap::Name name)
{
    m_map = ColourMap(name);
    rebuildImage();
    update();
}

void SpectrogramView::setSelectedSnippet(int snippet)
{
    const int selected = std::clamp(snippet, -1, m_snippets - 1);
    if (selected == m_selected)
        return;
    m_selected = selected;
    update();
    Q_EMIT shownSnippetChanged();
}

std::span<const float> SpectrogramView::snippetValues(int snippet) const
{
    if (snippet < 0 || snippet >= m_snippets)
        return {};
    return std::span<const float>(m_values).subspan(std::size_t(snippet) * C::valuesPerSnippet, C::valuesPerSnippet);
}

void SpectrogramView::setEvidence(int snippet, std::vector<float> map)
{
    if (snippet < 0 || snippet >= m_snippets || map.size() != std::size_t(C::valuesPerSnippet)) {
        clearEvidence();
        return;
    }
    m_evidence = std::move(map);
    m_evidenceSnippet = snippet;
    rebuildEvidenceImage();
    update();
}

void SpectrogramView::clearEvidence()
{
    m_evidence.clear();
    m_evidenceSnippet = -1;
    m_evidenceImage = QImage();
    update();
}

void SpectrogramView::setEvidenceOpacity(double opacity)
{
    m_evidenceOpacity = std::clamp(opacity, 0.0, 1.0);
    rebuildEvidenceImage();
    update();
}

// Relative to the largest magnitude, so that every method reads on one scale: cells for
// the class in yellow to red, cells against it in blue, weak ones transparent.
void SpectrogramView::rebuildEvidenceImage()
{
    if (m_evidence.empty()) {
        m_evidenceImage = QImage();
        return;
    }
    float largest = 0.0f;
    for (float v : m_evidence)
        if (std::isfinite(v))
            largest = std::max(largest, std::abs(v));
    m_evidenceImage = QImage(C::frames, C::nMels, QImage::Format_ARGB32);
    for (int band = 0; band < C::nMels; ++band) {
        auto *line = reinterpret_cast<QRgb *>(m_evidenceImage.scanLine(C::nMels - 1 - band));
        for (int f = 0; f < C::frames; ++f) {
            const float v = m_evidence[std::size_t(f) * C::nMels + std::size_t(band)];
            const double strength = largest > 0.0f && std::isfinite(v) ? std::min(1.0, std::abs(double(v)) / largest) : 0.0;
            const int alpha = int(std::lround(255.0 * m_evidenceOpacity * strength));
            line[f] = v >= 0 ? qRgba(255, int(220 * (1.0 - strength)), 0, alpha) : qRgba(40, 140, 255, alpha);
        }
    }
}

QColor SpectrogramView::evidenceColourAt(const QPoint &position) const
{
    const QRect plot = plotRect();
    if (m_evidenceImage.isNull() || !plot.contains(position))
        return QColor(0, 0, 0, 0);
    const TimeAxis axis = timeAxis();
    const int snippet = axis.snippetAt(position.x(), C::snippetSeconds(), m_snippets);
    if (snippet != m_evidenceSnippet)
        return QColor(0, 0, 0, 0);
    const double seconds = axis.secondsAt(position.x()) - snippet * C::snippetSeconds();
    const int frame = std::clamp(int(seconds / kSecondsPerFrame), 0, C::frames - 1);
    const int band = std::clamp(int((plot.bottom() - position.y()) / double(plot.height()) * C::nMels), 0, C::nMels - 1);
    return QColor::fromRgba(m_evidenceImage.pixel(frame, C::nMels - 1 - band));
}

void SpectrogramView::setPlayhead(double seconds)
{
    m_playhead = seconds;
    update();
}

void SpectrogramView::rebuildImage()
{
    const int frames = m_snippets * C::frames;
    if (frames == 0) {
        m_image = QImage();
        return;
    }
    m_image = QImage(frames, C::nMels, QImage::Format_RGB32);
    for (int band = 0; band < C::nMels; ++band) {
        auto *line = reinterpret_cast<QRgb *>(m_image.scanLine(C::nMels - 1 - band)); // low bands at the bottom
        for (int f = 0; f < frames; ++f)
            line[f] = m_map.at(m_values[std::size_t(f) * C::nMels + std::size_t(band)]);
    }
}

QRect SpectrogramView::plotRect() const
{
    return rect().adjusted(kLeftMargin, kTopMargin, -kRightMargin, -kBottomMargin);
}

TimeAxis SpectrogramView::timeAxis() const
{
    const QRect plot = plotRect();
    return TimeAxis(plot.left(), plot.width(), m_offset, m_snippets * C::snippetSeconds() / m_zoom);
}

void SpectrogramView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().window());
    const QRect plot = plotRect();
    if (m_image.isNull()) {
        painter.drawText(rect(), Qt::AlignCenter, tr("Select a track to see its mel-spectrogram"));
        return;
    }
    // The visible part of the image, scaled into the plot.
    const double total = m_snippets * C::snippetSeconds();
    const double framesPerSecond = m_image.width() / total;
    const QRectF source(m_offset * framesPerSecond, 0, m_image.width() / m_zoom, m_image.height());
    painter.drawImage(QRectF(plot), m_image, source);

    const TimeAxis axis = timeAxis();
    painter.setClipRect(plot);
    if (!m_evidenceImage.isNull()) {
        const QRectF over(QPointF(axis.x(m_evidenceSnippet * C::snippetSeconds()), plot.top()),
                          QPointF(axis.x((m_evidenceSnippet + 1) * C::snippetSeconds()), plot.bottom() + 1));
        painter.drawImage(over, m_evidenceImage);
    }
    // Back-to-back snippets continue each other (dashed); spread windows jump (solid).
    painter.setPen(QPen(QColor(255, 255, 255, showsSpreadWindows() ? 220 : 150), 1,
                        showsSpreadWindows() ? Qt::SolidLine : Qt::DashLine));
    for (int k = 1; k < m_snippets; ++k) {
        const int x = axis.x(k * C::snippetSeconds());
        painter.drawLine(x, plot.top(), x, plot.bottom());
    }
    if (m_selected >= 0) {
        painter.setPen(QPen(QColor(255, 80, 80), 2));
        const int x0 = axis.x(m_selected * C::snippetSeconds());
        const int x1 = axis.x((m_selected + 1) * C::snippetSeconds());
        painter.drawRect(QRect(QPoint(x0, plot.top() + 1), QPoint(x1 - 1, plot.bottom() - 1)));
    }
    if (const double shown = m_playhead >= 0 ? shownSeconds(m_playhead) : -1.0; shown >= 0) {
        painter.setPen(QPen(Qt::white, 2));
        const int x = axis.x(shown);
        painter.drawLine(x, plot.top(), x, plot.bottom());
    }
    if (plot.contains(m_mouse)) {
        painter.setPen(QPen(QColor(255, 255, 255, 120), 1));
        painter.drawLine(m_mouse.x(), plot.top(), m_mouse.x(), plot.bottom());
        painter.drawLine(plot.left(), m_mouse.y(), plot.right(), m_mouse.y());
    }
    painter.setClipping(false);
    drawAxes(painter, plot);
    drawColourBar(painter, plot);
}

void SpectrogramView::drawAxes(QPainter &painter, const QRect &plot) const
{
    painter.setPen(palette().windowText().color());
    painter.drawRect(plot.adjusted(0, 0, -1, -1));
    const TimeAxis axis = timeAxis();
    if (showsSpreadWindows()) {
        drawWindowStarts(painter, plot);
    } else {
        for (double t : axis.ticks(std::max(2, plot.width() / 60))) {
            const int x = axis.x(t);
            painter.drawLine(x, plot.bottom(), x, plot.bottom() + 4);
            painter.drawText(QRect(x - 30, plot.bottom() + 5, 60, 14), Qt::AlignCenter, TimeAxis::label(t));
        }
        painter.drawText(QRect(plot.left(), plot.bottom() + 20, plot.width(), 16), Qt::AlignCenter, tr("time (s)"));
    }
    // Frequency: ticks at round Hz values, placed on the mel scale. From the top down, a
    // label that would overlap the one above it is left out (a short view keeps 8k, 2k, 500…).
    const int labelHeight = painter.fontMetrics().height();
    int lastLabelY = std::numeric_limits<int>::min() / 2;
    for (double hz : {8000.0, 4000.0, 2000.0, 1000.0, 500.0, 250.0, 100.0}) {
        const double melPosition = MelFilterbank::hzToMel(hz) / MelFilterbank::hzToMel(C::fMax);
        const int y = plot.bottom() - int(melPosition * plot.height());
        painter.drawLine(plot.left() - 4, y, plot.left(), y);
        if (y - lastLabelY < labelHeight)
            continue;
        painter.drawText(QRect(0, y - labelHeight / 2, kLeftMargin - 6, labelHeight), Qt::AlignRight | Qt::AlignVCenter,
                         hz >= 1000 ? QStringLiteral("%1k").arg(hz / 1000) : QString::number(hz));
        lastLabelY = y;
    }
    const QString unit = tr("Hz (mel scale)");
    painter.save();
    painter.translate(10, plot.center().y());
    painter.rotate(-90);
    const bool fits = painter.fontMetrics().horizontalAdvance(unit) <= plot.height();
    painter.drawText(QRect(-plot.height() / 2, -8, plot.height(), 16), Qt::AlignCenter, fits ? unit : tr("Hz"));
    painter.restore();
}

// Spread windows: a tick at each window's left edge labelled with where it starts in the
// track (as many as fit), since the plot's distance between windows is no time at all.
void SpectrogramView::drawWindowStarts(QPainter &painter, const QRect &plot) const
{
    const TimeAxis axis = timeAxis();
    constexpr int kLabelWidth = 44;
    int lastLabel = plot.left() - kLabelWidth; // where the last label was drawn: none yet
    for (int k = 0; k < m_snippets; ++k) {
        const int x = axis.x(k * C::snippetSeconds());
        if (x < plot.left() || x > plot.right())
            continue;
        painter.drawLine(x, plot.bottom(), x, plot.bottom() + 6);
        if (x - lastLabel < kLabelWidth)
            continue;
        painter.drawText(QRect(x + 2, plot.bottom() + 5, kLabelWidth, 14), Qt::AlignLeft | Qt::AlignVCenter,
                         TimeAxis::label(m_starts[std::size_t(k)]));
        lastLabel = x;
    }
    painter.drawText(QRect(plot.left(), plot.bottom() + 20, plot.width(), 16), Qt::AlignCenter,
                     tr("window start in the track (s): %1 windows of 3 s spread over it").arg(m_snippets));
}

void SpectrogramView::drawColourBar(QPainter &painter, const QRect &plot) const
{
    const QRect bar(plot.right() + 12, plot.top(), 12, plot.height());
    for (int y = 0; y < bar.height(); ++y) {
        painter.setPen(QColor(m_map.at(1.0 - double(y) / std::max(1, bar.height() - 1))));
        painter.drawLine(bar.left(), bar.top() + y, bar.right(), bar.top() + y);
    }
    painter.setPen(palette().windowText().color());
    painter.drawRect(bar.adjusted(0, 0, -1, -1));
    for (int db = 0; db >= -80; db -= 20) {
        const int y = bar.top() + int(-db / 80.0 * (bar.height() - 1));
        // The unit goes with the top label: below the bar it sat beside the time axis's
        // last tick and read "6dB".
        painter.drawText(QRect(bar.right() + 3, y - 7, 44, 14), Qt::AlignLeft | Qt::AlignVCenter,
                         db == 0 ? tr("0 dB") : QString::number(db));
    }
}

QString SpectrogramView::readoutAt(const QPoint &position) const
{
    const QRect plot = plotRect();
    if (m_image.isNull() || !plot.contains(position))
        return {};
    const TimeAxis axis = timeAxis();
    const double shown = axis.secondsAt(position.x());
    const int snippet = axis.snippetAt(position.x(), C::snippetSeconds(), m_snippets);
    const int frame = std::clamp(int((shown - snippet * C::snippetSeconds()) / kSecondsPerFrame), 0, C::frames - 1);
    const double seconds = audioSeconds(shown); // where in the track, not where on the plot
    const int band = std::clamp(int((plot.bottom() - position.y()) / double(plot.height()) * C::nMels), 0, C::nMels - 1);
    const float value = m_values[(std::size_t(snippet) * C::frames + std::size_t(frame)) * C::nMels + std::size_t(band)];
    // Snippets are numbered from 1 wherever the interface names them.
    return tr("%1 s · %2 Hz · band %3 · %4 dB · snippet %5 of %6, frame %7")
        .arg(seconds, 0, 'f', 2).arg(bandCentreHz(band), 0, 'f', 0).arg(band).arg(valueToDb(value), 0, 'f', 1)
        .arg(snippet + 1).arg(m_snippets).arg(frame);
}

void SpectrogramView::mouseMoveEvent(QMouseEvent *event)
{
    m_mouse = event->position().toPoint();
    Q_EMIT hovered(readoutAt(m_mouse));
    update();
}

void SpectrogramView::leaveEvent(QEvent *)
{
    m_mouse = {-1, -1};
    Q_EMIT hovered({});
    update();
}

void SpectrogramView::mousePressEvent(QMouseEvent *event)
{
    if (m_snippets == 0 || !plotRect().contains(event->position().toPoint()))
        return;
    const int snippet = timeAxis().snippetAt(event->position().x(), C::snippetSeconds(), m_snippets);
    setSelectedSnippet(snippet);
    Q_EMIT snippetClicked(snippet);
}

void SpectrogramView::wheelEvent(QWheelEvent *event)
{
    const double total = m_snippets * C::snippetSeconds();
    const double steps = event->angleDelta().y() / 120.0;
    if (event->modifiers() & Qt::ControlModifier) {
        const double anchor = timeAxis().secondsAt(event->position().x());
        m_zoom = std::clamp(m_zoom * std::pow(1.25, steps), 1.0, std::max(1.0, m_snippets * 4.0));
        m_offset = anchor - (anchor - m_offset) / std::pow(1.25, steps);
    } else {
        m_offset -= steps * total / m_zoom * 0.1;
    }
    m_offset = std::clamp(m_offset, 0.0, std::max(0.0, total - total / m_zoom));
    update();
    event->accept();
}

} // namespace genrelab
