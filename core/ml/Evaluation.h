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

// Scores of a set of predictions: snippet accuracy, track accuracy by majority vote and
// by mean probability, the confusion matrix (rows: true, columns: predicted) and
// per-class precision, recall and F1. Built from predictions only, so it is the same
// code for validation during training, `evaluate`, and the reports.
// Thread contract: a value type.
class Evaluation
{
public:
    static Evaluation fromPredictions(const std::vector<SnippetPrediction> &predictions, int classes);

    int classes() const { return m_classes; }
    int snippetCount() const { return m_snippets; }
    int trackCount() const { return m_tracks; }
    double snippetAccuracy() const { return m_snippetAccuracy; }
    double trackAccuracyVote() const { return m_trackVote; }
    double trackAccuracyMean() const { return m_trackMean; }
    // counts[true][predicted]
    const std::vector<std::vector<int>> &confusion() const { return m_confusion; }
    const std::vector<std::vector<int>> &trackConfusion() const { return m_trackConfusion; }
    double precision(int label) const;
    double recall(int label) const;
    double f1(int label) const;

    QString confusionCsv(const QStringList &labels) const;
    QString summary(const QStringList &labels) const; // multi-line, for the CLI

private:
    int m_classes = 0;
    int m_snippets = 0;
    int m_tracks = 0;
    double m_snippetAccuracy = 0.0;
    double m_trackVote = 0.0;
    double m_trackMean = 0.0;
    std::vector<std::vector<int>> m_confusion;
    std::vector<std::vector<int>> m_trackConfusion; // by mean probability
};

} // namespace genrelab
