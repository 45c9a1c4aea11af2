#pragma once

#include "data/FeatureCache.h"
#include "ml/RunResults.h"
#include "models/PredictionRow.h"

#include <QWidget>

#include <memory>
#include <vector>

class QLabel;

namespace genrelab {

class EvidenceControls;
class JobRunner;
class PlaybackController;
class ProbabilityTimeline;
class SpectrogramView;

// Evaluate's view of one prediction: what was predicted for which track and snippet,
// the track's mel-spectrogram with the snippet outlined, the network's probabilities
// over the track's snippets, and playback of the snippet or the whole track through
// the main window's player, and on request the evidence the run's model found in the
// selected snippet (EvidenceControls). A track the feature cache lacks is decoded on a worker
// (the latest selection wins).
// Thread contract: GUI thread.
class SnippetInspector : public QWidget
{
    Q_OBJECT
public:
    explicit SnippetInspector(PlaybackController *player, QWidget *parent = nullptr);

    // Shows `row` of `run` (its snippets in `part` on the timeline) and plays the snippet.
    void showPrediction(const RunResults &run, SplitPart part, const PredictionRow &row,
                        const std::shared_ptr<const FeatureCache> &cache);
    void clear();
    bool isShowing() const { return !m_trackPath.isEmpty(); }
    const QString &trackPath() const { return m_trackPath; }

    SpectrogramView *spectrogram() const { return m_spectrogram; }
    ProbabilityTimeline *timeline() const { return m_timeline; }
    EvidenceControls *evidence() const { return m_evidence; }

public Q_SLOTS:
    void playSelectedSnippet();

Q_SIGNALS:
    void showTrackRequested(const QString &path);
    void status(const QString &message);

private:
    QString describe(const RunResults &run, const PredictionRow &row, const std::vector<SnippetPrediction> &ofTrack) const;
    void showTrackFeatures(const QString &path, int selectedSnippet, const std::shared_ptr<const FeatureCache> &cache,
                           const std::vector<double> &runStarts);

    PlaybackController *m_player;
    JobRunner *m_featureJobs; // decodes a track the cache lacks, off the GUI thread; the latest wins
    QLabel *m_title;
    SpectrogramView *m_spectrogram;
    ProbabilityTimeline *m_timeline;
    EvidenceControls *m_evidence;
    QString m_trackPath; // empty: nothing shown
    std::vector<double> m_runStarts; // where the run's snippets of the shown track start
};

} // namespace genrelab
