#include "Evaluation.h"

#include <algorithm>
#include <map>

namespace genrelab {

namespace {
int argmax(const std::vector<double> &values)
{
    return int(std::max_element(values.begin(), values.end()) - values.begin());
}
} // namespace

Evaluation Evaluation::fromPredictions(const std::vector<SnippetPrediction> &predictions, int classes)
{
    Evaluation e;
    e.m_classes = classes;
    e.m_confusion.assign(std::size_t(classes), std::vector<int>(std::size_t(classes), 0));
    e.m_trackConfusion = e.m_confusion;
    struct TrackTally
    {
        int trueLabel = -1;
        std::vector<double> votes, probabilitySum;
    };
    std::map<int, TrackTally> tracks;
    int correct = 0;
    for (const SnippetPrediction &p : predictions) {
        if (p.trueLabel < 0 || p.trueLabel >= classes || p.predicted < 0 || p.predicted >= classes)
            continue;
        ++e.m_snippets;
        correct += p.predicted == p.trueLabel;
        ++e.m_confusion[std::size_t(p.trueLabel)][std::size_t(p.predicted)];
        TrackTally &tally = tracks[p.track];
        if (tally.votes.empty()) {
            tally.votes.assign(std::size_t(classes), 0.0);
            tally.probabilitySum.assign(std::size_t(classes), 0.0);
        }
        tally.trueLabel = p.trueLabel;
        tally.votes[std::size_t(p.predicted)] += 1.0;
        for (int c = 0; c < classes && c < int(p.probabilities.size()); ++c)
            tally.probabilitySum[std::size_t(c)] += p.probabilities[std::size_t(c)];
    }
    int voteCorrect = 0, meanCorrect = 0;
    for (const auto &[track, tally] : tracks) {
        // Ties in the vote go to the class with the higher summed probability.
        std::vector<double> votes = tally.votes;
        for (int c = 0; c < classes; ++c)
            votes[std::size_t(c)] += 1e-6 * tally.probabilitySum[std::size_t(c)];
        voteCorrect += argmax(votes) == tally.trueLabel;
        const int byMean = argmax(tally.probabilitySum);
        meanCorrect += byMean == tally.trueLabel;
        ++e.m_trackConfusion[std::size_t(tally.trueLabel)][std::size_t(byMean)];
    }
    e.m_tracks = int(tracks.size());
    e.m_snippetAccuracy = e.m_snippets ? double(correct) / e.m_snippets : 0.0;
    e.m_trackVote = e.m_tracks ? double(voteCorrect) / e.m_tracks : 0.0;
    e.m_trackMean = e.m_tracks ? double(meanCorrect) / e.m_tracks : 0.0;
    return e;
}

double Evaluation::precision(int label) const
{
    int predicted = 0;
    for (int t = 0; t < m_classes; ++t)
        predicted += m_confusion[std::size_t(t)][std::size_t(label)];
    return predicted ? double(m_confusion[std::size_t(label)][std::size_t(label)]) / predicted : 0.0;
}

double Evaluation::recall(int label) const
{
    int actual = 0;
    for (int p = 0; p < m_classes; ++p)
        actual += m_confusion[std::size_t(label)][std::size_t(p)];
    return actual ? double(m_confusion[std::size_t(label)][std::size_t(label)]) / actual : 0.0;
}

double Evaluation::f1(int label) const
{
    const double p = precision(label), r = recall(label);
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

QString Evaluation::confusionCsv(const QStringList &labels) const
{
    QString csv = QStringLiteral("true\\predicted");
    for (const QString &label : labels)
        csv += u',' + label;
    csv += u'\n';
    for (int t = 0; t < m_classes; ++t) {
        csv += labels.value(t);
        for (int p = 0; p < m_classes; ++p)
            csv += u',' + QString::number(m_confusion[std::size_t(t)][std::size_t(p)]);
        csv += u'\n';
    }
    return csv;
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
