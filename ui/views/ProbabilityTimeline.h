#pragma once

#include "TimeAxis.h"

#include <QStringList>
#include <QWidget>

#include <vector>

namespace genrelab {

// A track's per-snippet class probabilities over time: one stacked column per snippet
// (each class its own colour, legend on the right), the selected snippet outlined and
// a playhead that follows playback. Clicking a column selects that snippet.
// Thread contract: GUI thread.
class ProbabilityTimeline : public QWidget
{
    Q_OBJECT
public:
    explicit ProbabilityTimeline(QWidget *parent = nullptr);

    struct Snippet
    {
        double start = 0.0; // seconds
        std::vector<float> probabilities;
    };
    void setTrack(std::vector<Snippet> snippets, const QStringList &labels, double snippetSeconds);
    void clear();
    void setSelectedSnippet(int snippet);
    void setPlayhead(double seconds); // −1 hides it
    int snippetCount() const { return int(m_snippets.size()); }
    static QColor classColour(int label);

    QSize sizeHint() const override { return {600, 150}; }
    QSize minimumSizeHint() const override { return {200, 90}; }

Q_SIGNALS:
    void snippetClicked(int snippet);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    QRect plotRect() const;
    double endSeconds() const;
    TimeAxis timeAxis() const;
    void drawLegend(QPainter &painter, const QRect &plot) const;

    std::vector<Snippet> m_snippets;
    QStringList m_labels;
    double m_snippetSeconds = 3.0;
    int m_selected = -1;
    double m_playhead = -1.0;
};

} // namespace genrelab
