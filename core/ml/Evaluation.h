#pragma once

#include <QString>
#include <QStringList>

#include <vector>

namespace genrelab {

// One snippet's prediction.
struct SnippetPrediction
{
    int track = 0;        // dataset track index
    int snippet = 0;      // index within the track
    double start = 0.0;   // seconds
    int trueLabel = -1;
    int predicted = -1;
    std::vector<float> probabilities;
};

// A track's decision from its snippets: by majority vote (ties to the higher summed
// probability) and by mean probability.
struct TrackPrediction
{
    int track = 0;
    int trueLabel = -1;
    int byVote = -1;
    int byMean = -1;
    int snippets = 0;
    std::vector<double> meanProbabilities;
};

// Scores of a set of predictions: snippet accuracy, track accuracy by majority vote and
// by mean probability, the confusion matrix (rows: true, columns: predicted) and
// per-class precision, recall and F1. Built from predictions only, so it is the same
// code for validation during training, `evaluate`, and the reports.
// Thread contract: a value type.
class Evaluation
{
public:
    // Snippet-level results, or track-level ones where each track is decided by vote.
    enum class Level { Snippets, Tracks };
    using Matrix = std::vector<std::vector<int>>;

    static Evaluation fromPredictions(const std::vector<SnippetPrediction> &predictions, int classes);
    // One entry per track, in order of track index; snippets with labels outside
    // [0, classes) are left out.
    static std::vector<TrackPrediction> tracksOf(const std::vector<SnippetPrediction> &predictions, int classes);

    int classes() const { return m_classes; }
    int snippetCount() const { return m_snippets; }
    int trackCount() const { return m_tracks; }
    double snippetAccuracy() const { return m_snippetAccuracy; }
    double trackAccuracyVote() const { return m_trackVote; }
    double trackAccuracyMean() const { return m_trackMean; }
    // counts[true][predicted]
    const Matrix &confusion(Level level = Level::Snippets) const
    {
        return level == Level::Snippets ? m_confusion : m_trackConfusion;
    }
    double precision(int label, Level level = Level::Snippets) const;
    double recall(int label, Level level = Level::Snippets) const;
    double f1(int label, Level level = Level::Snippets) const;
    int support(int label, Level level = Level::Snippets) const; // how many truly are `label`

    QString confusionCsv(const QStringList &labels) const;
    QString summary(const QStringList &labels) const; // multi-line, for the CLI

private:
    int m_classes = 0;
    int m_snippets = 0;
    int m_tracks = 0;
    double m_snippetAccuracy = 0.0;
    double m_trackVote = 0.0;
    double m_trackMean = 0.0;
    Matrix m_confusion;
    Matrix m_trackConfusion; // by vote
};

} // namespace genrelab
