#include "PredictionRow.h"

#include <algorithm>

namespace genrelab {

PredictionRow PredictionRow::ofSnippet(const SnippetPrediction &p)
{
    PredictionRow row;
    row.track = p.track;
    row.snippet = p.snippet;
    row.start = p.start;
    row.trueLabel = p.trueLabel;
    row.predicted = p.predicted;
    row.probabilities = p.probabilities;
    if (p.predicted >= 0 && p.predicted < int(p.probabilities.size()))
        row.confidence = p.probabilities[std::size_t(p.predicted)];
    return row;
}

PredictionRow PredictionRow::ofTrack(const TrackPrediction &t)
{
    PredictionRow row;
    row.track = t.track;
    row.trueLabel = t.trueLabel;
    row.predicted = t.byVote;
    row.probabilities.assign(t.meanProbabilities.begin(), t.meanProbabilities.end());
    if (t.byVote >= 0 && t.byVote < int(t.meanProbabilities.size()))
        row.confidence = t.meanProbabilities[std::size_t(t.byVote)];
    return row;
}

std::vector<PredictionRow> PredictionRow::ofSnippets(const std::vector<SnippetPrediction> &predictions)
{
    std::vector<PredictionRow> rows;
    rows.reserve(predictions.size());
    for (const SnippetPrediction &p : predictions)
        rows.push_back(ofSnippet(p));
    return rows;
}

std::vector<PredictionRow> PredictionRow::ofTracks(const std::vector<TrackPrediction> &tracks)
{
    std::vector<PredictionRow> rows;
    rows.reserve(tracks.size());
    for (const TrackPrediction &t : tracks)
        rows.push_back(ofTrack(t));
    return rows;
}

std::vector<PredictionRow> PredictionRow::inCell(const std::vector<PredictionRow> &rows, int trueLabel, int predicted)
{
    std::vector<PredictionRow> selected;
    std::copy_if(rows.begin(), rows.end(), std::back_inserter(selected),
                 [&](const PredictionRow &row) { return row.trueLabel == trueLabel && row.predicted == predicted; });
    return selected;
}

namespace {
std::vector<PredictionRow> firstN(std::vector<PredictionRow> rows, int limit)
{
    if (limit >= 0 && int(rows.size()) > limit)
        rows.resize(std::size_t(limit));
    return rows;
}
} // namespace

std::vector<PredictionRow> PredictionRow::mostConfidentlyWrong(std::vector<PredictionRow> rows, int limit)
{
    std::erase_if(rows, [](const PredictionRow &row) { return !row.isWrong(); });
    std::stable_sort(rows.begin(), rows.end(),
                     [](const PredictionRow &a, const PredictionRow &b) { return a.confidence > b.confidence; });
    return firstN(std::move(rows), limit);
}

std::vector<PredictionRow> PredictionRow::leastConfident(std::vector<PredictionRow> rows, int limit)
{
    std::stable_sort(rows.begin(), rows.end(),
                     [](const PredictionRow &a, const PredictionRow &b) { return a.confidence < b.confidence; });
    return firstN(std::move(rows), limit);
}

} // namespace genrelab
