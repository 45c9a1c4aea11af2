#include "ExploreWorkspace.h"

#include "data/DataSplit.h"
#include "dsp/FeatureContract.h"
#include "jobs/JobRunner.h"
#include "models/TrackFilterModel.h"
#include "models/TrackTableModel.h"
#include "NetworkInputPanel.h"
#include "playback/PlaybackController.h"
#include "views/AudioOutputNote.h"
#include "views/EvidenceControls.h"
#include "views/SpectrogramView.h"
#include "views/WaveformView.h"

#include <QCheckBox>

#include <algorithm>

#include <QFileDialog>
#include <QShortcut>
#include <QToolButton>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace genrelab {

ExploreWorkspace::ExploreWorkspace(PlaybackController *player, QWidget *parent)
    : QWidget(parent)
    , m_tracks(new TrackTableModel(this))
    , m_filter(new TrackFilterModel(this))
    , m_view(new QTableView(this))
    , m_labelFilter(new QComboBox(this))
    , m_textFilter(new QLineEdit(this))
    , m_onlyErrors(new QCheckBox(tr("Only errors"), this))
    , m_counts(new QLabel(this))
    , m_trackTitle(new QLabel(this))
    , m_colourMap(new QComboBox(this))
    , m_spectrogram(new SpectrogramView(this))
    , m_waveform(new WaveformView(this))
    , m_player(player)
    , m_evidence(new EvidenceControls(m_spectrogram, this))
    , m_networkInput(new NetworkInputPanel(this))
    , m_readout(new QLabel(this))
    , m_waveformJobs(new JobRunner(JobRunner::Policy::LatestWins, this))
{
    m_filter->setSourceModel(m_tracks);
    m_view->setModel(m_filter);
    m_view->setObjectName(QStringLiteral("trackView"));
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(TrackTableModel::Name, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(TrackTableModel::Name, QHeaderView::Stretch);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(createFilterBar());
    leftLayout->addWidget(m_view);
    leftLayout->addWidget(m_counts);
    m_counts->setWordWrap(true);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *header = new QHBoxLayout;
    QFont titleFont = m_trackTitle->font();
    titleFont.setBold(true);
    m_trackTitle->setFont(titleFont);
    m_trackTitle->setMinimumWidth(100); // a long path is cut, never widens the window
    m_trackTitle->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    header->addWidget(m_trackTitle, 1);
    header->addWidget(new QLabel(tr("Colours:"), this));
    header->addWidget(m_colourMap);
    m_colourMap->addItems(ColourMap::names());
    m_colourMap->setToolTip(tr("Perceptual colour map of the spectrogram"));
    rightLayout->addLayout(header);
    rightLayout->addWidget(m_waveform);
    rightLayout->addWidget(m_spectrogram, 1);
    rightLayout->addWidget(m_evidence);
    rightLayout->addWidget(createTransport());
    rightLayout->addWidget(new AudioOutputNote(right));
    rightLayout->addWidget(m_readout);
    m_readout->setText(contractLine());
    m_readout->setMinimumWidth(200); // wraps, never widens the window
    m_readout->setWordWrap(true);

    auto *views = new QTabWidget(this);
    views->setObjectName(QStringLiteral("inspectorTabs"));
    views->addTab(right, tr("Spectrogram"));
    views->addTab(m_networkInput, tr("What the network sees"));
    auto *splitter = new QSplitter(this);
    splitter->setObjectName(QStringLiteral("exploreSplitter"));
    splitter->addWidget(left);
    splitter->addWidget(views);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({460, 820});
    // The layout is remembered: splitter position and which inspector view was open.
    QSettings settings;
    splitter->restoreState(settings.value(QStringLiteral("explore/splitter")).toByteArray());
    views->setCurrentIndex(settings.value(QStringLiteral("explore/inspectorTab"), 0).toInt());
    connect(splitter, &QSplitter::splitterMoved, this,
            [splitter] { QSettings().setValue(QStringLiteral("explore/splitter"), splitter->saveState()); });
    connect(views, &QTabWidget::currentChanged, this,
            [](int index) { QSettings().setValue(QStringLiteral("explore/inspectorTab"), index); });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showTrack(currentTrack()); Q_UNUSED(current); });
    connect(m_spectrogram, &SpectrogramView::hovered, this, [this](const QString &text) {
        if (!text.isEmpty())
            m_readout->setText(text);
    });
    connect(m_colourMap, &QComboBox::currentTextChanged, this, [this](const QString &name) {
        m_spectrogram->setColourMap(ColourMap::fromString(name));
        QSettings().setValue(QStringLiteral("explore/colourMap"), name);
    });
    m_colourMap->setCurrentText(QSettings().value(QStringLiteral("explore/colourMap"), QStringLiteral("viridis")).toString());

    m_player->followPosition(this, [this](double seconds) {
        m_spectrogram->setPlayhead(seconds);
        m_waveform->setPlayhead(seconds);
    });
    m_player->followFailures(this, [this](const QString &message) { Q_EMIT status(message); });
    // A click on the waveform selects its snippet, as a click on the spectrogram does,
    // and moves the playhead there.
    connect(m_waveform, &WaveformView::seekRequested, this, [this](double seconds) {
        if (m_shownPath.isEmpty())
            return;
        if (const CachedTrack *shown = shownTrack())
            selectSnippet(shown->snippetAt(seconds));
        m_player->setFile(m_shownPath, this);
        m_player->seek(seconds);
    });
    connect(m_spectrogram, &SpectrogramView::snippetClicked, this, &ExploreWorkspace::selectSnippet);
    connect(m_networkInput, &NetworkInputPanel::status, this, &ExploreWorkspace::status);
    connect(m_evidence, &EvidenceControls::status, this, &ExploreWorkspace::status);
    m_evidence->offerKnownRuns();
    connect(m_waveformJobs, &JobRunner::failed, this, [this](const QString &message) {
        m_waveform->clear();
        Q_EMIT status(tr("No waveform: %1").arg(message));
    });
    auto *space = new QShortcut(Qt::Key_Space, this);
    space->setContext(Qt::WidgetWithChildrenShortcut);
    connect(space, &QShortcut::activated, this, &ExploreWorkspace::togglePlayback);
}

QWidget *ExploreWorkspace::createTransport()
{
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    const auto button = [&](const QString &text, const QString &tip, auto slot) {
        auto *b = new QToolButton(bar);
        b->setText(text);
        b->setToolTip(tip);
        connect(b, &QToolButton::clicked, this, slot);
        layout->addWidget(b);
        return b;
    };
    m_playButton = button(tr("Play snippet"), tr("Play the selected 3-s snippet (Space toggles play/pause)"),
                          &ExploreWorkspace::playSelectedSnippet);
    button(tr("Play track"), tr("Play the whole track from the start"), [this] {
        m_player->setFile(m_shownPath, this);
        m_player->seek(0);
        m_player->playTrack();
    });
    button(tr("Stop"), tr("Stop playback"), [this] { m_player->stop(); });
    layout->addStretch(1);
    button(tr("Export PNG…"), tr("Save the spectrogram view, with its axes, as a PNG image"), [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export spectrogram"), m_trackTitle->text().section(u' ', 0, 0)
                                                              .section(u'/', -1).section(u'.', 0, -2) + QStringLiteral(".png"),
                                                          tr("PNG images (*.png)"));
        if (!path.isEmpty())
            exportPng(path);
    });
    return bar;
}

void ExploreWorkspace::playSelectedSnippet()
{
    const CachedTrack *shown = shownTrack();
    if (!shown)
        return;
    const int snippet = std::max(0, m_spectrogram->selectedSnippet());
    m_player->setFile(m_shownPath, this);
    m_player->playRange(shown->snippetStart(snippet), FeatureContract::snippetSeconds());
}

const CachedTrack *ExploreWorkspace::shownTrack() const
{
    const int entry = m_cache && !m_shownPath.isEmpty() ? m_cache->findTrack(m_shownPath) : -1;
    return entry >= 0 ? &m_cache->track(entry) : nullptr;
}

void ExploreWorkspace::togglePlayback()
{
    if (m_player->client() == this && (m_player->isPlaying() || m_player->positionSeconds() > 0.0))
        m_player->togglePlayPause();
    else
        playSelectedSnippet();
}

QString ExploreWorkspace::contractLine()
{
    return tr("Contract v%1: 22 050 Hz mono · 3-s snippets · n_fft 2048, hop 512, periodic Hann · "
              "100 Slaney mel bands · dB below the snippet's maximum, floored at −80").arg(FeatureContract::version);
}

QString ExploreWorkspace::readout() const
{
    return m_readout->text();
}

void ExploreWorkspace::selectSnippet(int snippet)
{
    if (m_shownPath.isEmpty() || m_spectrogram->snippetCount() == 0)
        return;
    snippet = std::clamp(snippet, 0, m_spectrogram->snippetCount() - 1);
    m_spectrogram->setSelectedSnippet(snippet);
    m_waveform->setSelectedSnippet(snippet);
    const CachedTrack *shown = shownTrack();
    m_networkInput->setSnippet(m_shownPath, snippet, shown ? shown->snippetStart(snippet) : 0.0, m_spectrogram->snippetCount());
}

QString ExploreWorkspace::exportTitle() const
{
    const int snippet = m_spectrogram->selectedSnippet();
    return tr("%1 — snippet %2 of %3 — %4")
        .arg(m_trackTitle->text()).arg(snippet + 1).arg(m_spectrogram->snippetCount()).arg(contractLine());
}

bool ExploreWorkspace::exportPng(const QString &path)
{
    // The picture says what it is: track, snippet and contract above the view.
    const QPixmap view = m_spectrogram->grab();
    const int line = fontMetrics().height() + 6;
    QImage image(view.width(), view.height() + 2 * line, QImage::Format_RGB32);
    image.fill(palette().window().color());
    {
        QPainter painter(&image);
        painter.setPen(palette().windowText().color());
        QFont bold = font();
        bold.setBold(true);
        painter.setFont(bold);
        const QString title = exportTitle();
        const QString first = title.section(QStringLiteral(" — "), 0, 1), second = title.section(QStringLiteral(" — "), 2);
        painter.drawText(QRect(8, 0, image.width() - 16, line), Qt::AlignLeft | Qt::AlignVCenter, first);
        painter.setFont(font());
        painter.drawText(QRect(8, line, image.width() - 16, line), Qt::AlignLeft | Qt::AlignVCenter,
                         painter.fontMetrics().elidedText(second, Qt::ElideRight, image.width() - 16));
        painter.drawPixmap(0, 2 * line, view);
    }
    const bool saved = image.save(path, "PNG");
    Q_EMIT status(saved ? tr("Saved %1").arg(path) : tr("Could not write %1").arg(path));
    return saved;
}

void ExploreWorkspace::loadWaveform(const QString &path)
{
    m_waveform->clear();
    m_waveformJobs->run(
        tr("Reading the waveform"), [path](ProgressReporter &) { return WaveformEnvelope::compute(path, 2000); },
        [this, path](WaveformEnvelope::Envelope envelope) {
            if (path == m_shownPath) // else the user moved on to a track with no waveform
                m_waveform->setEnvelope(envelope);
        });
}

QWidget *ExploreWorkspace::createFilterBar()
{
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    m_textFilter->setObjectName(QStringLiteral("workspaceFilter")); // Ctrl+F (MainWindow::focusFilter)
    m_textFilter->setPlaceholderText(tr("Filter tracks… (Ctrl+F)"));
    m_textFilter->setClearButtonEnabled(true);
    m_textFilter->setToolTip(tr("Show tracks whose path contains this text (Ctrl+F)"));
    m_labelFilter->setToolTip(tr("Show one label only"));
    m_onlyErrors->setToolTip(tr("Show only files that could not be read, with the reason as tooltip"));
    m_splitFilter = new QComboBox(bar);
    m_splitFilter->setObjectName(QStringLiteral("splitFilter"));
    m_splitFilter->addItem(tr("All splits"), -1);
    for (auto value : {TrackTableModel::SplitValue::Train, TrackTableModel::SplitValue::Valid,
                       TrackTableModel::SplitValue::Test, TrackTableModel::SplitValue::LeftOut})
        m_splitFilter->addItem(TrackTableModel::splitText(value), int(value));
    m_splitFilter->setToolTip(tr("Show the tracks of one part of the split the Train tab is set to: train, valid, "
                                 "test, or left out (unreadable, or not in the fault-filtered lists)"));
    connect(m_splitFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setSplitFilter(m_splitFilter->currentData().toInt()); });
    layout->addWidget(m_textFilter, 1);
    layout->addWidget(m_labelFilter);
    layout->addWidget(m_splitFilter);
    layout->addWidget(m_onlyErrors);
    connect(m_textFilter, &QLineEdit::textChanged, m_filter, &TrackFilterModel::setTextFilter);
    connect(m_labelFilter, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_filter->setLabelFilter(index - 1); updateCounts(); });
    connect(m_onlyErrors, &QCheckBox::toggled, m_filter, &TrackFilterModel::setOnlyErrors);
    return bar;
}

void ExploreWorkspace::setDataset(const Dataset &dataset, std::shared_ptr<const FeatureCache> cache)
{
    m_cache = std::move(cache);
    m_tracks->setDataset(dataset);
    m_labelFilter->blockSignals(true);
    m_labelFilter->clear();
    m_labelFilter->addItem(tr("All labels"));
    m_labelFilter->addItems(dataset.labels());
    m_labelFilter->blockSignals(false);
    m_filter->setLabelFilter(-1);
    refreshSplit();
    updateCounts();
    m_spectrogram->clear();
    m_trackTitle->clear();
    m_readout->setText(contractLine());
    if (m_filter->rowCount() > 0)
        m_view->setCurrentIndex(m_filter->index(0, 0));
}

void ExploreWorkspace::refreshSplit()
{
    const Dataset &dataset = m_tracks->dataset();
    if (!dataset.isLabelled() || dataset.trackCount() == 0)
        return m_tracks->setSplit(std::nullopt);
    // The split Train would use now (its remembered settings): what Evaluate will test on.
    QSettings settings;
    const auto kind = DataSplit::parseKind(settings.value(QStringLiteral("train/split"), QStringLiteral("track")).toString());
    try {
        m_tracks->setSplit(DataSplit::make(kind.value_or(DataSplit::Kind::Track), dataset,
                                           std::uint64_t(settings.value(QStringLiteral("train/seed"), 1).toInt())));
    } catch (const std::exception &) { // e.g. too few tracks of a label: no split to show
        m_tracks->setSplit(std::nullopt);
    }
}

void ExploreWorkspace::showEvent(QShowEvent *event)
{
    refreshSplit(); // the Train tab's split may have changed meanwhile
    QWidget::showEvent(event);
}

void ExploreWorkspace::updateCounts()
{
    const Dataset &dataset = m_tracks->dataset();
    QStringList parts;
    const std::vector<int> counts = dataset.countsPerLabel();
    for (int i = 0; i < dataset.labels().size(); ++i)
        parts << QStringLiteral("%1 %2").arg(dataset.labels()[i]).arg(counts[std::size_t(i)]);
    int errors = 0;
    for (const Track &track : dataset.tracks())
        errors += track.status == Track::Status::Error;
    m_counts->setText(tr("%1 tracks, %2 snippets, %3 unreadable. %4")
                          .arg(dataset.trackCount()).arg(dataset.snippetCount()).arg(errors).arg(parts.join(QStringLiteral(" · "))));
}

bool ExploreWorkspace::selectTrack(const QString &path)
{
    const std::vector<Track> &tracks = m_tracks->dataset().tracks();
    const auto found = std::find_if(tracks.begin(), tracks.end(), [&](const Track &t) { return t.path == path; });
    if (found == tracks.end())
        return false;
    m_textFilter->clear();
    m_labelFilter->setCurrentIndex(0);
    m_onlyErrors->setChecked(false);
    m_splitFilter->setCurrentIndex(0);
    const QModelIndex source = m_tracks->index(int(found - tracks.begin()), 0);
    m_view->setCurrentIndex(m_filter->mapFromSource(source));
    m_view->scrollTo(m_view->currentIndex());
    return true;
}

int ExploreWorkspace::currentTrack() const
{
    const QModelIndex index = m_view->currentIndex();
    return index.isValid() ? index.data(TrackTableModel::TrackIndexRole).toInt() : -1;
}

void ExploreWorkspace::showTrack(int track)
{
    Q_EMIT currentTrackChanged(track);
    m_shownPath.clear();
    m_readout->setText(contractLine()); // a read-out of the previous track would name its snippets
    if (track < 0 || !m_cache) {
        m_spectrogram->clear();
        return;
    }
    const Track &info = m_tracks->dataset().tracks()[std::size_t(track)];
    m_trackTitle->setText(QStringLiteral("%1 — %2").arg(info.relativePath, info.label.isEmpty() ? tr("unlabelled") : info.label));
    const int entry = m_cache->findTrack(info.path);
    if (entry < 0 || info.status != Track::Status::Ok) {
        m_spectrogram->clear();
        Q_EMIT status(info.error.isEmpty() ? tr("%1 has not been analysed yet").arg(info.relativePath)
                                           : tr("%1: %2").arg(info.relativePath, info.error));
        return;
    }
    const CachedTrack &cached = m_cache->track(entry);
    const int snippets = int(cached.snippetCount);
    m_spectrogram->setFeatures(m_cache->trackFeatures(entry), snippets, cached.starts);
    m_waveform->setSnippetStarts(cached.starts);
    m_waveform->setSelectedSnippet(0);
    // Back-to-back snippets: the waveform spans them (the dropped remainder is not drawn) so
    // both views line up; spread windows: the whole track, each window where it lies.
    m_waveform->setTimeSpan(m_spectrogram->showsSpreadWindows() || snippets == 0
                                ? 0.0
                                : cached.snippetStart(snippets - 1) + FeatureContract::snippetSeconds());
    m_shownPath = info.path;
    m_player->setFile(info.path, this);
    loadWaveform(info.path);
    m_networkInput->setSnippet(info.path, 0, cached.snippetStart(0), snippets);
}

} // namespace genrelab
