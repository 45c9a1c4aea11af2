#pragma once

#include "ColourMap.h"
#include "TimeAxis.h"

#include <QImage>
#include <QWidget>

#include <span>
#include <vector>

namespace genrelab {

// Shows a track's features exactly as the network receives them: the contract's
// 130 × 100 snippets side by side (time → right, mel band → up), coloured by a
// perceptual map, with time (s) and frequency (Hz on the mel scale) axes, a colour bar
// in dB below each snippet's maximum, snippet boundaries, the selected snippet
// outlined, and a crosshair read-out (time in the audio, Hz, band, dB). Ctrl+wheel zooms time,
// wheel scrolls; click selects a snippet. A saliency map of one snippet ("evidence")
// can be laid over it: warm where the cells speak for the class, cool where against.
// Thread contract: GUI thread; setFeatures() copies what it shows.
class SpectrogramView : public QWidget
{
    Q_OBJECT
public:
    explicit SpectrogramView(QWidget *parent = nullptr);

    // `values`: snippets × 130 × 100 floats in contract scale; `starts`: where each snippet
    // starts in the audio (CachedTrack::starts, TrackFeatures::starts). Snippets are drawn
    // side by side whatever their starts; when they are windows spread over the track
    // (not back to back) the boundaries are solid, each is labelled with its start and the
    // axis reads "window start", so no time on it is a lie.
    void setFeatures(std::span<const float> values, int snippets, std::vector<double> starts);
    // What setFeatures() was given: where each shown snippet starts in the audio.
    const std::vector<double> &starts() const { return m_starts; }
    // True when the snippets are not back to back from 0 (spread windows).
    bool showsSpreadWindows() const;
    void clear();
    void setColourMap(ColourMap::Name name);
    void setSelectedSnippet(int snippet);
    int selectedSnippet() const { return m_selected; }
    int snippetCount() const { return m_snippets; }
    // Playback position in seconds (−1 hides the playhead).
    void setPlayhead(double seconds);
    QString readoutAt(const QPoint &position) const;
    // The contract values of one snippet (empty when out of range).
    std::span<const float> snippetValues(int snippet) const;

    // Evidence over `snippet`: frames × nMels values as Saliency writes them (any scale;
    // drawn relative to the largest magnitude). Cleared by new features.
    void setEvidence(int snippet, std::vector<float> map);
    void clearEvidence();
    void setEvidenceOpacity(double opacity); // 0–1
    int evidenceSnippet() const { return m_evidenceSnippet; }
    // The overlay's colour at a point of the plot (alpha 0 where none): what a user sees.
    QColor evidenceColourAt(const QPoint &position) const;

    QSize sizeHint() const override { return {800, 320}; }
    // 150: a plot of about 100 px high, a pixel per mel band, beside its axes.
    QSize minimumSizeHint() const override { return {300, 150}; }

Q_SIGNALS:
    void snippetClicked(int snippet);
    void hovered(const QString &readout);
    // New features or another selected snippet (by click or by a call).
    void shownSnippetChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    QRect plotRect() const;
    void rebuildImage();
    void rebuildEvidenceImage();
    TimeAxis timeAxis() const; // the visible span (zoom, scroll) across the plot
    void drawAxes(QPainter &painter, const QRect &plot) const;
    void drawColourBar(QPainter &painter, const QRect &plot) const;
    void drawWindowStarts(QPainter &painter, const QRect &plot) const;
    // Between the plot's seconds (snippets side by side, 3 s each) and the audio's.
    double audioSeconds(double shown) const;
    double shownSeconds(double audio) const; // −1: between windows, not shown

    std::vector<float> m_values;
    int m_snippets = 0;
    std::vector<double> m_starts; // of each snippet, in the audio
    int m_selected = -1;
    double m_playhead = -1.0;
    double m_zoom = 1.0;      // visible fraction = 1/zoom
    double m_offset = 0.0;    // seconds at the left edge
    ColourMap m_map;
    QImage m_image;
    std::vector<float> m_evidence; // of m_evidenceSnippet, frames × nMels
    int m_evidenceSnippet = -1;
    double m_evidenceOpacity = 0.6;
    QImage m_evidenceImage;        // frames × nMels, ARGB, low bands at the bottom
    QPoint m_mouse{-1, -1};
};

} // namespace genrelab
