#pragma once

#include <QString>

#include <vector>

namespace genrelab {

// The one mapping between seconds and x pixels that the time-based views share
// (waveform, spectrogram, probability timeline), so their snippets, playheads, clicks
// and ticks line up and agree: a view builds one from its plot area and the span of time
// it shows, for each paint or mouse event.
// Thread contract: a value; any thread.
class TimeAxis
{
public:
    // Seconds [start, start + duration) drawn across pixels [left, left + width).
    TimeAxis(int left, int width, double start, double duration);

    int x(double seconds) const;
    double secondsAt(double x) const;
    // The snippet under x for snippets of snippetSeconds from 0, clamped to [0, count - 1].
    int snippetAt(double x, double snippetSeconds, int count) const;
    // Round tick values inside the span (steps of 0.1, 0.2, 0.5, 1, 2, 3, 5, 10, 15,
    // 30 s, 1, 2, 5, 10 min), at most maxTicks of them.
    std::vector<double> ticks(int maxTicks) const;
    // "2.5", "12", "1:30": seconds, or minutes:seconds from a minute on.
    static QString label(double seconds);

    int left() const { return m_left; }
    int width() const { return m_width; }
    double start() const { return m_start; }
    double duration() const { return m_duration; }

private:
    int m_left;
    int m_width;
    double m_start;
    double m_duration;
};

} // namespace genrelab
