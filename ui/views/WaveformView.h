#pragma once

#include "audio/WaveformEnvelope.h"
#include "TimeAxis.h"

#include <QWidget>

#include <vector>

class QPainter;

namespace genrelab {

// The waveform overview above the spectrogram: min/max envelope, the snippets'
// boundaries where they lie in the track (back to back, or windows spread over it), the
// selected snippet shaded, and the playhead. Click to seek.
// Thread contract: GUI thread.
class WaveformView : public QWidget
{
    Q_OBJECT
public:
    explicit WaveformView(QWidget *parent = nullptr);
    void setEnvelope(WaveformEnvelope::Envelope envelope);
    void clear();
    // Where each snippet starts in the track (CachedTrack::starts).
    void setSnippetStarts(std::vector<double> starts);
    void setSelectedSnippet(int snippet);
    void setPlayhead(double seconds);
    // The time the view spans (the spectrogram's: whole snippets), so both line up; the
    // dropped remainder after the last snippet is not drawn. ≤ 0: the whole envelope.
    void setTimeSpan(double seconds);
    bool hasEnvelope() const { return !m_envelope.maximum.empty(); }

    QSize sizeHint() const override { return {800, 70}; }
    QSize minimumSizeHint() const override { return {200, 50}; }

Q_SIGNALS:
    void seekRequested(double seconds);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    TimeAxis timeAxis() const;
    double span() const;
    void drawSnippets(QPainter &painter, const QRect &area) const;

    WaveformEnvelope::Envelope m_envelope;
    std::vector<double> m_starts;
    int m_selected = -1;
    double m_playhead = -1.0;
    double m_span = 0.0;
};

} // namespace genrelab
