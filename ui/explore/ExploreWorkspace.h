#pragma once

#include "data/Dataset.h"
#include "data/FeatureCache.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QToolButton;

namespace genrelab {

class EvidenceControls;
class JobRunner;
class NetworkInputPanel;
class PlaybackController;
class SpectrogramView;
class WaveformView;
class TrackFilterModel;
class TrackTableModel;

// The Explore workspace: the dataset's tracks (filter by label, text, errors; per-label
// counts) beside the inspector, which shows the selected track's features straight
// from the feature cache (no recomputation) in a SpectrogramView. The waveform overview
// is read on a worker (a JobRunner; a newer selection supersedes it); its errors reach
// the status line.
// Thread contract: GUI thread.
class ExploreWorkspace : public QWidget
{
    Q_OBJECT
public:
    ExploreWorkspace(PlaybackController *player, QWidget *parent = nullptr);

    void setDataset(const Dataset &dataset, std::shared_ptr<const FeatureCache> cache);
    TrackTableModel *trackModel() const { return m_tracks; }
    TrackFilterModel *filterModel() const { return m_filter; }
    QTableView *trackView() const { return m_view; }
    SpectrogramView *spectrogram() const { return m_spectrogram; }
    WaveformView *waveform() const { return m_waveform; }
    PlaybackController *player() const { return m_player; }
    NetworkInputPanel *networkInput() const { return m_networkInput; }
    EvidenceControls *evidence() const { return m_evidence; }
    // Saves the spectrogram with its axes as a PNG, titled with exportTitle(); false (and
    // a status message) on failure.
    bool exportPng(const QString &path);
    // "jazz.00003.wav (jazz) — snippet 2 of 10 — contract v1: …"
    QString exportTitle() const;
    // The read-out line under the spectrogram (the contract until the mouse moves over it).
    QString readout() const;
    // Selects snippet `snippet` (from 0) in every view of the shown track.
    void selectSnippet(int snippet);
    // The split the Train tab is set to, computed again for the open dataset.
    void refreshSplit();
    QComboBox *splitFilter() const { return m_splitFilter; }

public Q_SLOTS:
    void playSelectedSnippet();
    void togglePlayback();
    // Makes the track with this path current (clearing filters that hide it); false when
    // the dataset has no such track.
    bool selectTrack(const QString &path);
    // Source row of the current track, −1 when none.
    int currentTrack() const;

Q_SIGNALS:
    void currentTrackChanged(int track);
    void status(const QString &message);

private:
    QWidget *createFilterBar();
    QWidget *createTransport();
    void loadWaveform(const QString &path);
    void showTrack(int track);
    // The cache entry of the track shown (nullptr: none): where its snippets start.
    const CachedTrack *shownTrack() const;
    void updateCounts();
    static QString contractLine();
    void showEvent(QShowEvent *event) override;

    TrackTableModel *m_tracks;
    TrackFilterModel *m_filter;
    QTableView *m_view;
    QComboBox *m_labelFilter;
    QLineEdit *m_textFilter;
    QCheckBox *m_onlyErrors;
    QComboBox *m_splitFilter = nullptr;
    QLabel *m_counts;
    QLabel *m_trackTitle;
    QComboBox *m_colourMap;
    SpectrogramView *m_spectrogram;
    WaveformView *m_waveform;
    PlaybackController *m_player;
    QToolButton *m_playButton = nullptr;
    EvidenceControls *m_evidence; // explains the selected snippet with a chosen run
    NetworkInputPanel *m_networkInput;
    QLabel *m_readout;
    JobRunner *m_waveformJobs;
    QString m_shownPath; // the track the inspector shows
    std::shared_ptr<const FeatureCache> m_cache;
};

} // namespace genrelab
