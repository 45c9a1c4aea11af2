#pragma once

#include "ml/Evaluation.h"

#include <vector>

namespace genrelab {

// One line of a predictions list: a snippet, or a whole track (start < 0) decided by
// vote. The selections behind the Evaluate workspace's lists live here, next to the
// row they make, so the GUI and the tests ask the same question the same way.
// Thread contract: a value type.
struct PredictionRow
{
    int track = 0;
    int snippet = -1;     // −1 for a whole track
    double start = -1.0;  // seconds; −1 for a whole track
    int trueLabel = -1;
    int predicted = -1;
    double confidence = 0.0; // probability of the predicted class (mean over snippets for tracks)
    std::vector<float> probabilities;

    bool isTrack() const { return snippet < 0; }
    bool isWrong() const { return predicted != trueLabel; }

    static PredictionRow ofSnippet(const SnippetPrediction &p);
    static PredictionRow ofTrack(const TrackPrediction &t);
    static std::vector<PredictionRow> ofSnippets(const std::vector<SnippetPrediction> &predictions);
    static std::vector<PredictionRow> ofTracks(const std::vector<TrackPrediction> &tracks);

    // The rows of one confusion-matrix cell.
    static std::vector<PredictionRow> inCell(const std::vector<PredictionRow> &rows, int trueLabel, int predicted);
    // Wrong predictions, most confident first: where GTZAN's mislabelled clips show up.
    static std::vector<PredictionRow> mostConfidentlyWrong(std::vector<PredictionRow> rows, int limit);
    // All predictions, least confident first.
    static std::vector<PredictionRow> leastConfident(std::vector<PredictionRow> rows, int limit);
};

} // namespace genrelab
