#include "SnippetInspector.h"

#include "data/TrackFeaturizer.h"
#include "dsp/FeatureContract.h"
#include "jobs/JobRunner.h"
#include "ml/Evaluation.h"
#include "playback/PlaybackController.h"
#include "util/Error.h"
#include "views/AudioOutputNote.h"
#include "views/EvidenceControls.h"
#include "views/FlowLayout.h"
#include "views/ProbabilityTimeline.h"
#include "views/SpectrogramView.h"

#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace genrelab {

SnippetInspector::SnippetInspector(PlaybackController *player, QWidget *parent)
    : QWidget(parent)
    , m_player(player)
    , m_featureJobs(new JobRunner(JobRunner::Policy::LatestWins, this))
    , m_title(new QLabel(this))
    , m_spectrogram(new SpectrogramView(this))
    , m_timeline(new ProbabilityTimeline(this))
    , m_evidence(new EvidenceControls(m_spectrogram, this))
{
    // A preview of the snippet (Explore shows it large): at 1024×700 the inspector's rows
    // wrap, and below the spectrogram's usual 150 px is where the column finds their room.
    m_spectrogram->setMinimumSize(200, 110);
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::PlainText);
    connect(m_featureJobs, &JobRunner::failed, this, [this](const QString &message, Error::Kind kind) {
        if (kind == Error::Kind::Cancelled)
            return; // superseded by another selection
        m_spectrogram->clear();
        Q_EMIT status(message);
    });
    m_player->followPosition(this, [this](double seconds) {
        m_spectrogram->setPlayhead(seconds);
        m_timeline->setPlayhead(seconds);
    });
    m_player->followFailures(this, [this](const QString &message) { Q_EMIT status(message); });
    connect(m_timeline, &ProbabilityTimeline::snippetClicked, this, [this](int snippet) {
        m_timeline->setSelectedSnippet(snippet);
        m_spectrogram->setSelectedSnippet(snippet);
        playSelectedSnippet();
    });
    connect(m_spectrogram, &SpectrogramView::snippetClicked, m_timeline, &ProbabilityTimeline::setSelectedSnippet);
    connect(m_evidence, &EvidenceControls::status, this, &SnippetInspector::status);

    auto *buttons = new FlowLayout; // wraps rather than widen a narrow column
    const auto addButton = [this, buttons](const QString &text, const QString &tip, auto slot) {
        auto *button = new QPushButton(text, this);
        button->setToolTip(tip);
        connect(button, &QPushButton::clicked, this, slot);
        buttons->addWidget(button);
    };
    addButton(tr("Play snippet"), tr("Play the selected 3 seconds (Space)"), &SnippetInspector::playSelectedSnippet);
    addButton(tr("Play track"), tr("Play the whole track"), [this] {
        if (!isShowing())
            return;
        m_player->setFile(m_trackPath, this);
        m_player->playTrack();
    });
    addButton(tr("Stop"), tr("Stop playback"), [this] { m_player->stop(); });
    addButton(tr("Show in Explore"), tr("Open this track in the dataset browser"), [this] {
        if (isShowing())
            Q_EMIT showTrackRequested(m_trackPath);
    });
    // Play that stays silent says why, beside the buttons so the spectrogram keeps its
    // height at 1024×700.
    buttons->addWidget(new AudioOutputNote(this, AudioOutputNote::Length::Short));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_spectrogram, 3);
    layout->addWidget(m_evidence);
    layout->addWidget(m_timeline, 2);
    layout->addLayout(buttons);
    clear();
}

void SnippetInspector::showPrediction(const RunResults &run, SplitPart part, const PredictionRow &row,
                                      const std::shared_ptr<const FeatureCache> &cache)
{
    // The timeline holds every snippet of the track in this part, in time order.
    std::vector<SnippetPrediction> ofTrack;
    for (const SnippetPrediction &p : run.predictions(part))
        if (p.track == row.track)
            ofTrack.push_back(p);
    std::sort(ofTrack.begin(), ofTrack.end(), [](const auto &a, const auto &b) { return a.snippet < b.snippet; });
    std::vector<ProbabilityTimeline::Snippet> snippets;
    for (const SnippetPrediction &p : ofTrack)
        snippets.push_back({p.start, p.probabilities});
    m_timeline->setTrack(std::move(snippets), run.labels(), FeatureContract::snippetSeconds());
    const int selected = row.isTrack() ? 0 : row.snippet;
    m_timeline->setSelectedSnippet(selected);
    m_title->setText(describe(run, row, ofTrack));

    m_trackPath = run.trackPath(row.track);
    m_evidence->setModel(run.path()); // the run's own model explains its predictions
    m_runStarts.clear();
    for (const SnippetPrediction &p : ofTrack)
        m_runStarts.push_back(p.start);
    showTrackFeatures(m_trackPath, selected, cache, m_runStarts);
    m_player->setFile(m_trackPath, this);
    playSelectedSnippet();
}

// "blues.00012.wav (snippet 3 at 6.0 s): true blues, predicted rock at 57.1 %" and how
// the whole track was decided. Snippets count from 1 here, as everywhere in the interface.
QString SnippetInspector::describe(const RunResults &run, const PredictionRow &row,
                                   const std::vector<SnippetPrediction> &ofTrack) const
{
    const QStringList &labels = run.labels();
    const QString where = row.isTrack() ? tr("whole track")
                                        : tr("snippet %1 at %2 s").arg(row.snippet + 1).arg(row.start, 0, 'f', 1);
    QString text = tr("%1 (%2): true %3, predicted %4 at %5 %")
                       .arg(run.trackName(row.track), where, labels.value(row.trueLabel), labels.value(row.predicted))
                       .arg(100 * row.confidence, 0, 'f', 1);
    const std::vector<TrackPrediction> decided = Evaluation::tracksOf(ofTrack, int(labels.size()));
    if (!decided.empty())
        text += tr("\nTrack decision: %1 by vote, %2 by mean probability (%3 %)")
                    .arg(labels.value(decided.front().byVote), labels.value(decided.front().byMean))
                    .arg(100 * decided.front().meanProbabilities[std::size_t(decided.front().byMean)], 0, 'f', 1);
    return text;
}

// From the open dataset's feature cache when the track is in it (no decoding), else
// computed from the file (a run of another dataset, or the cache was cleared).
void SnippetInspector::showTrackFeatures(const QString &path, int selectedSnippet,
                                         const std::shared_ptr<const FeatureCache> &cache, const std::vector<double> &runStarts)
{
    m_featureJobs->cancel(); // an older, slower selection must not overwrite this one
    const int entry = cache ? cache->findTrack(path) : -1;
    if (entry >= 0) {
        const CachedTrack &cached = cache->track(entry);
        m_spectrogram->setFeatures(cache->trackFeatures(entry), int(cached.snippetCount), cached.starts);
        m_spectrogram->setSelectedSnippet(selectedSnippet);
        return;
    }
    m_spectrogram->clear();
    if (!QFileInfo::exists(path)) {
        Q_EMIT status(tr("%1 is not there any more: was the dataset moved?").arg(QDir::toNativeSeparators(path)));
        return;
    }
    // Decoding a whole track takes long enough to freeze the window: on a worker.
    m_featureJobs->run(
        tr("Computing the features of %1").arg(QFileInfo(path).fileName()),
        // The windows the run predicted on, wherever they lie (back to back or spread).
        [path, runStarts](ProgressReporter &) {
            TrackFeatures features = TrackFeaturizer().featurizeAt(path, runStarts);
            if (!features.ok())
                throw *features.error;
            return features;
        },
        [this, selectedSnippet](const TrackFeatures &features) {
            m_spectrogram->setFeatures(features.values, int(features.snippets), features.starts);
            m_spectrogram->setSelectedSnippet(selectedSnippet);
        });
}

void SnippetInspector::playSelectedSnippet()
{
    if (!isShowing())
        return;
    const int snippet = std::max(0, m_spectrogram->selectedSnippet());
    // Where the shown snippet starts; while its features are computed, the run's own.
    const std::vector<double> &starts = m_spectrogram->snippetCount() > 0 ? m_spectrogram->starts() : m_runStarts;
    m_player->setFile(m_trackPath, this);
    m_player->playRange(starts.empty() ? 0.0 : starts[std::min<std::size_t>(std::size_t(snippet), starts.size() - 1)],
                        FeatureContract::snippetSeconds());
}

void SnippetInspector::clear()
{
    m_featureJobs->cancel();
    if (m_player->client() == this)
        m_player->stop();
    m_trackPath.clear();
    m_title->setText(tr("Select a prediction to see its snippet, hear it and see how the track was decided"));
    m_spectrogram->clear();
    m_timeline->clear();
}

} // namespace genrelab
