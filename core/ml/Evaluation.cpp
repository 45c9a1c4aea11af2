#include "Evaluation.h"

#include "util/Csv.h"

#include <algorithm>
#include <map>

namespace genrelab {

namespace {
int argmax(const std::vector<double> &values)
{
    return int(std::max_element(values.begin(), values.end()) - values.begin());
}

bool isScorable(const SnippetPrediction &p, int classes)
{
    return p.trueLabel >= 0 && p.trueLabel < classes && p.predicted >= 0 && p.predicted < classes;
}
} // namespace

std::vector<TrackPrediction> Evaluation::tracksOf(const std::vector<SnippetPrediction> &predictions, int classes)
{
    struct TrackTally
    {
        int trueLabel = -1;
        int snippets = 0;
        std::vector<double> votes, probabilitySum;
    };
    std::map<int, TrackTally> tallies;
    for (const SnippetPrediction &p : predictions) {
        if (!isScorable(p, classes))
            continue;
        TrackTally &tally = tallies[p.track];
        if (tally.votes.empty()) {
            tally.votes.assign(std::size_t(classes), 0.0);
            tally.probabilitySum.assign(std::size_t(classes), 0.0);
        }
        tally.trueLabel = p.trueLabel;
        ++tally.snippets;
        tally.votes[std::size_t(p.predicted)] += 1.0;
        for (int c = 0; c < classes && c < int(p.probabilities.size()); ++c)
            tally.probabilitySum[std::size_t(c)] += p.probabilities[std::size_t(c)];
    }
    std::vector<TrackPrediction> tracks;
    tracks.reserve(tallies.size());
    for (auto &[track, tally] : tallies) {
        TrackPrediction t;
        t.track = track;
        t.trueLabel = tally.trueLabel;
        t.snippets = tally.snippets;
        // Ties in the vote go to the class with the higher summed probability.
        std::vector<double> votes = tally.votes;
        for (int c = 0; c < classes; ++c)
            votes[std::size_t(c)] += 1e-6 * tally.probabilitySum[std::size_t(c)];
        t.byVote = argmax(votes);
        t.byMean = argmax(tally.probabilitySum);
        t.meanProbabilities = std::move(tally.probabilitySum);
        for (double &probability : t.meanProbabilities)
            probability /= tally.snippets;
        tracks.push_back(std::move(t));
    }
    return tracks;
}

Evaluation Evaluation::fromPredictions(const std::vector<SnippetPrediction> &predictions, int classes)
{
    Evaluation e;
    e.m_classes = classes;
    e.m_confusion.assign(std::size_t(classes), std::vector<int>(std::size_t(classes), 0));
    e.m_trackConfusion = e.m_confusion;
    int correct = 0;
    for (const SnippetPrediction &p : predictions) {
        if (!isScorable(p, classes))
            continue;
        ++e.m_snippets;
        correct += p.predicted == p.trueLabel;
        ++e.m_confusion[std::size_t(p.trueLabel)][std::size_t(p.predicted)];
    }
    int voteCorrect = 0, meanCorrect = 0;
    const std::vector<TrackPrediction> tracks = tracksOf(predictions, classes);
    for (const TrackPrediction &track : tracks) {
        voteCorrect += track.byVote == track.trueLabel;
        meanCorrect += track.byMean == track.trueLabel;
        ++e.m_trackConfusion[std::size_t(track.trueLabel)][std::size_t(track.byVote)];
    }
    e.m_tracks = int(tracks.size());
    e.m_snippetAccuracy = e.m_snippets ? double(correct) / e.m_snippets : 0.0;
    e.m_trackVote = e.m_tracks ? double(voteCorrect) / e.m_tracks : 0.0;
    e.m_trackMean = e.m_tracks ? double(meanCorrect) / e.m_tracks : 0.0;
    return e;
}

double Evaluation::precision(int label, Level level) const
{
    const Matrix &counts = confusion(level);
    int predicted = 0;
    for (int t = 0; t < m_classes; ++t)
        predicted += counts[std::size_t(t)][std::size_t(label)];
    return predicted ? double(counts[std::size_t(label)][std::size_t(label)]) / predicted : 0.0;
}

int Evaluation::support(int label, Level level) const
{
    const std::vector<int> &row = confusion(level)[std::size_t(label)];
    int actual = 0;
    for (int count : row)
        actual += count;
    return actual;
}

double Evaluation::recall(int label, Level level) const
{
    const int actual = support(label, level);
    return actual ? double(confusion(level)[std::size_t(label)][std::size_t(label)]) / actual : 0.0;
}

double Evaluation::f1(int label, Level level) const
{
    const double p = precision(label, level), r = recall(label, level);
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

QString Evaluation::confusionCsv(const QStringList &labels) const
{
    QString text = csv::record(QStringList{QStringLiteral("true\\predicted")} + labels);
    for (int t = 0; t < m_classes; ++t) {
        QStringList fields{labels.value(t)};
        for (int p = 0; p < m_classes; ++p)
            fields << QString::number(m_confusion[std::size_t(t)][std::size_t(p)]);
        text += csv::record(fields);
    }
    return text;
}

QString Evaluation::summary(const QStringList &labels) const
{
    QString text = QStringLiteral("snippet accuracy %1 % (%2 snippets), track accuracy %3 % by vote, %4 % by mean "
                                  "probability (%5 tracks)\n")
                       .arg(100 * m_snippetAccuracy, 0, 'f', 2).arg(m_snippets)
                       .arg(100 * m_trackVote, 0, 'f', 2).arg(100 * m_trackMean, 0, 'f', 2).arg(m_tracks);
    text += QStringLiteral("%1").arg(QString(), 10);
    for (int p = 0; p < m_classes; ++p)
        text += QStringLiteral("%1").arg(labels.value(p).left(6), 7);
    text += QStringLiteral("   prec  recall    F1\n");
    for (int t = 0; t < m_classes; ++t) {
        text += QStringLiteral("%1").arg(labels.value(t).left(10), -10);
        for (int p = 0; p < m_classes; ++p)
            text += QStringLiteral("%1").arg(m_confusion[std::size_t(t)][std::size_t(p)], 7);
        text += QStringLiteral(" %1 %2 %3\n").arg(precision(t), 6, 'f', 2).arg(recall(t), 6, 'f', 2).arg(f1(t), 6, 'f', 2);
    }
    return text;
}

} // namespace genrelab
