#include "TagWorkspace.h"

#include "ChangePreviewDialog.h"
#include "GenreChoiceDelegate.h"
#include "GenreWordsDialog.h"
#include "data/WindowPolicy.h"
#include "jobs/JobRunner.h"
#include "jobs/JobStatusWidget.h"
#include "library/LibraryAnalyzer.h"
#include "library/LibraryCatalog.h"
#include "library/LibraryExport.h"
#include "library/TagJournal.h"
#include "models/ReviewFilterModel.h"
#include "models/ReviewTableModel.h"
#include "playback/PlaybackController.h"
#include "util/DataHome.h"
#include "util/Error.h"
#include "views/AudioOutputNote.h"
#include "views/ProbabilityTimeline.h"

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <utility>

namespace genrelab {

namespace {

GenreVocabulary rememberedVocabulary()
{
    try {
        return GenreVocabulary::fromText(QSettings().value(QStringLiteral("tag/vocabulary")).toString());
    } catch (const Error &) {
        return {};
    }
}

// Every row with the genre the user decided for it: the accepted suggestion or the
// genre picked instead; none for a row not accepted. Exports follow these decisions.
std::vector<LibraryExport::Decided> decidedTracks(const ReviewTableModel &review)
{
    QHash<QString, QString> decided;
    for (const TagChange &change : review.changes())
        decided.insert(change.path, change.newGenre);
    std::vector<LibraryExport::Decided> tracks;
    for (int row = 0; row < review.rowCount(); ++row)
        tracks.push_back({review.track(row), decided.value(review.track(row).path)});
    return tracks;
}

QPushButton *button(const QString &text, const QString &tip, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setToolTip(tip);
    return b;
}

} // namespace

TagWorkspace::TagWorkspace(PlaybackController *player, QWidget *parent)
    : QWidget(parent)
    , m_review(new ReviewTableModel(this))
    , m_filter(new ReviewFilterModel(this))
    , m_jobs(new JobRunner(JobRunner::Policy::Exclusive, this))
    , m_player(player)
{
    m_filter->setSourceModel(m_review);
    m_review->setVocabulary(rememberedVocabulary());
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("reviewView"));
    m_view->setModel(m_filter);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ReviewTableModel::Confidence, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_view->setItemDelegateForColumn(ReviewTableModel::Genre, new GenreChoiceDelegate(m_review, this));
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(ReviewTableModel::Track, QHeaderView::Stretch);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showTrack(current.isValid() ? m_filter->mapToSource(current).row() : -1); });

    m_failures = new QListWidget(this);
    m_failures->setObjectName(QStringLiteral("failures"));
    m_failures->setToolTip(tr("Files that could not be analysed, with the reason; they are never written"));
    m_failures->setMaximumHeight(90);
    m_failures->setVisible(false);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(createFilterBar());
    leftLayout->addWidget(m_view, 1);
    leftLayout->addWidget(m_failures);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(createDetails());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createSourceBar());
    layout->addWidget(splitter, 1);
    layout->addWidget(createActionBar());

    m_jobs->setStatusWidget(m_jobStatus);
    connect(m_jobs, &JobRunner::busyRefused, this, &TagWorkspace::status);
    connect(m_review, &QAbstractItemModel::dataChanged, this, &TagWorkspace::updateCounts);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &TagWorkspace::updateCounts);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &TagWorkspace::updateCounts);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &TagWorkspace::updateCounts);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &TagWorkspace::updateCounts);
    // Decisions are kept in the catalog, in one transaction once the event loop is back
    // (Accept all above changes hundreds of rows at once).
    connect(m_review, &ReviewTableModel::decisionsChanged, this, [this] {
        if (!std::exchange(m_decisionsPending, true))
            QTimer::singleShot(0, this, &TagWorkspace::saveDecisions);
    });
    m_player->followPosition(this, [this](double seconds) { m_timeline->setPlayhead(seconds); });
    m_player->followFailures(this, [this](const QString &message) { Q_EMIT status(message); });
    auto *space = new QShortcut(Qt::Key_Space, m_view);
    space->setContext(Qt::WidgetShortcut);
    connect(space, &QShortcut::activated, this, [this] {
        if (m_shownRow >= 0 && !m_review->track(m_shownRow).windowStarts.empty()) {
            m_player->setFile(m_review->track(m_shownRow).path, this);
            m_player->playRange(m_review->track(m_shownRow).windowStarts.front(), 3.0);
        }
    });
    if (QFileInfo::exists(catalogPath()))
        loadCatalog();
}

// The job runner, a child, cancels and waits for a job still running.
TagWorkspace::~TagWorkspace() = default;

bool TagWorkspace::isBusy() const
{
    return m_jobs->isBusy();
}

QWidget *TagWorkspace::createSourceBar()
{
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    QSettings settings;
    m_folder = new QLineEdit(settings.value(QStringLiteral("tag/folder")).toString(), bar);
    m_folder->setPlaceholderText(tr("Your music folder"));
    m_folder->setToolTip(tr("Searched recursively: mp3, flac, ogg, opus, m4a, wav and more"));
    m_model = new QLineEdit(settings.value(QStringLiteral("tag/model")).toString(), bar);
    m_model->setPlaceholderText(tr("A .genrelab model (Evaluate → Export model…) or a run folder"));
    auto *chooseFolder = button(tr("Folder…"), tr("Choose the music folder"), bar);
    connect(chooseFolder, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Music folder"), m_folder->text());
        if (!folder.isEmpty())
            setLibraryFolder(folder);
    });
    auto *chooseModel = button(tr("Model…"), tr("Choose a .genrelab model bundle"), bar);
    connect(chooseModel, &QPushButton::clicked, this, [this] {
        const QString model = QFileDialog::getOpenFileName(this, tr("Model"), QFileInfo(m_model->text()).absolutePath(),
                                                           tr("GenreLab models (*.genrelab)"));
        if (!model.isEmpty())
            setModel(model);
    });
    m_windows = new QSpinBox(bar);
    m_windows->setRange(1, 60);
    m_windows->setValue(settings.value(QStringLiteral("tag/windows"), WindowPolicy::defaultWindows).toInt());
    m_windows->setSuffix(tr(" windows"));
    m_windows->setToolTip(tr("3-second windows spread over each track; the genre is their mean probability"));
    m_analyseButton = button(tr("&Analyse"), tr("Suggest a genre for every track (only new or changed files are "
                                                "analysed again)"), bar);
    connect(m_analyseButton, &QPushButton::clicked, this, &TagWorkspace::analyse);
    m_trainOnTags = button(tr("Train on its tags…"),
                           tr("Open this folder as training data labelled by its own genre tags (spellings merged, genres "
                              "with fewer than 5 tracks left out, untagged tracks left unlabelled) and go to Train; the "
                              "model trained there then suggests genres here, in your vocabulary"), bar);
    connect(m_trainOnTags, &QPushButton::clicked, this, [this] {
        if (!m_folder->text().trimmed().isEmpty())
            Q_EMIT trainFromTagsRequested(m_folder->text().trimmed());
    });
    connect(m_folder, &QLineEdit::textChanged, m_trainOnTags, [this](const QString &text) { m_trainOnTags->setEnabled(!text.trimmed().isEmpty()); });
    m_trainOnTags->setEnabled(!m_folder->text().trimmed().isEmpty());
    m_jobStatus = new JobStatusWidget(bar);
    layout->addWidget(new QLabel(tr("Music:"), bar));
    layout->addWidget(m_folder, 2);
    layout->addWidget(chooseFolder);
    layout->addWidget(new QLabel(tr("Model:"), bar));
    layout->addWidget(m_model, 2);
    layout->addWidget(chooseModel);
    layout->addWidget(m_windows);
    layout->addWidget(m_analyseButton);
    layout->addWidget(m_trainOnTags);
    layout->addWidget(m_jobStatus);
    return bar;
}

QWidget *TagWorkspace::createFilterBar()
{
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *text = new QLineEdit(bar);
    m_text = text;
    text->setObjectName(QStringLiteral("workspaceFilter"));
    text->setPlaceholderText(tr("Filter by file, artist or title… (Ctrl+F)"));
    text->setClearButtonEnabled(true);
    connect(text, &QLineEdit::textChanged, m_filter, &ReviewFilterModel::setText);
    connect(text, &QLineEdit::textChanged, this, &TagWorkspace::updateCounts);
    QSettings settings;
    m_minConfidence = new QSpinBox(bar);
    m_minConfidence->setRange(0, 100);
    m_minConfidence->setSuffix(QStringLiteral(" %"));
    m_minConfidence->setPrefix(tr("confidence ≥ "));
    // 0 by default: after Analyse every suggestion is shown (a bar of 50 % hid them all).
    m_minConfidence->setValue(settings.value(QStringLiteral("tag/minConfidence"), 0).toInt());
    m_minConfidence->setToolTip(tr("Show suggestions at least this sure, compared in whole percent as the table shows "
                                   "them; also the bar for “Accept all above”"));
    connect(m_minConfidence, &QSpinBox::valueChanged, this, [this](int value) {
        m_filter->setMinConfidence(value / 100.0);
        QSettings().setValue(QStringLiteral("tag/minConfidence"), value);
        updateCounts();
    });
    m_filter->setMinConfidence(m_minConfidence->value() / 100.0);
    m_onlyDiffering = new QCheckBox(tr("Only where the suggestion differs"), bar);
    m_onlyDiffering->setChecked(settings.value(QStringLiteral("tag/onlyDiffering"), false).toBool());
    m_filter->setOnlyDiffering(m_onlyDiffering->isChecked());
    connect(m_onlyDiffering, &QCheckBox::toggled, this, [this](bool on) {
        m_filter->setOnlyDiffering(on);
        QSettings().setValue(QStringLiteral("tag/onlyDiffering"), on);
        updateCounts();
    });
    m_counts = new QLabel(bar);
    m_hiddenNote = new QLabel(bar);
    m_hiddenNote->setObjectName(QStringLiteral("hiddenNote"));
    m_hiddenNote->setStyleSheet(QStringLiteral("color: #b03a2e"));
    m_showAll = button(tr("Show all"), tr("Clear the filters: show every track"), bar);
    m_showAll->setObjectName(QStringLiteral("showAll"));
    connect(m_showAll, &QPushButton::clicked, this, &TagWorkspace::showAll);
    layout->addWidget(text, 1);
    layout->addWidget(m_minConfidence);
    layout->addWidget(m_onlyDiffering);
    layout->addWidget(m_counts);
    layout->addWidget(m_hiddenNote);
    layout->addWidget(m_showAll);
    return bar;
}

QWidget *TagWorkspace::createDetails()
{
    auto *panel = new QWidget(this);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    m_trackTitle = new QLabel(tr("Select a track to see its windows"), panel);
    m_trackTitle->setWordWrap(true);
    m_trackTitle->setTextFormat(Qt::PlainText);
    m_timeline = new ProbabilityTimeline(panel);
    m_timeline->setToolTip(tr("The model's probabilities for each 3-second window of the track; click one to hear it"));
    connect(m_timeline, &ProbabilityTimeline::snippetClicked, this, [this](int window) {
        if (m_shownRow < 0)
            return;
        m_timeline->setSelectedSnippet(window);
        m_player->setFile(m_review->track(m_shownRow).path, this);
        m_player->playRange(m_review->track(m_shownRow).windowStarts[std::size_t(window)], 3.0);
    });
    auto *play = button(tr("Play"), tr("Play the track (Space in the list: its first window)"), panel);
    connect(play, &QPushButton::clicked, this, [this] {
        if (m_shownRow < 0)
            return;
        m_player->setFile(m_review->track(m_shownRow).path, this);
        m_player->playTrack();
    });
    auto *stop = button(tr("Stop"), {}, panel);
    connect(stop, &QPushButton::clicked, m_player, &PlaybackController::stop);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(play);
    buttons->addWidget(stop);
    buttons->addStretch();
    layout->addWidget(m_trackTitle);
    layout->addWidget(m_timeline, 1);
    layout->addLayout(buttons);
    layout->addWidget(new AudioOutputNote(panel));
    return panel;
}

QWidget *TagWorkspace::createActionBar()
{
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *accept = button(tr("Accept selected"), tr("Write the suggested (or picked) genre for the selected tracks (A)"), bar);
    accept->setShortcut(Qt::Key_A);
    connect(accept, &QPushButton::clicked, this, &TagWorkspace::acceptSelected);
    auto *reject = button(tr("Reject selected"), tr("Leave the selected tracks as they are (R)"), bar);
    reject->setShortcut(Qt::Key_R);
    connect(reject, &QPushButton::clicked, this, &TagWorkspace::rejectSelected);
    auto *above = button(tr("Accept all above…"), tr("Accept every suggestion at least as sure as the confidence filter"), bar);
    connect(above, &QPushButton::clicked, this, &TagWorkspace::acceptAboveThreshold);
    auto *words = button(tr("Genre words…"), tr("Say what each genre is called in your library (e.g. hiphop → Hip-Hop)"), bar);
    connect(words, &QPushButton::clicked, this, &TagWorkspace::chooseGenreWords);
    auto *playlists = button(tr("Playlists…"), tr("Write one M3U playlist per genre, of the accepted tracks"), bar);
    connect(playlists, &QPushButton::clicked, this, &TagWorkspace::exportPlaylists);
    auto *csv = button(tr("CSV…"), tr("Write every track's suggestion and probabilities as CSV"), bar);
    connect(csv, &QPushButton::clicked, this, &TagWorkspace::exportCsv);
    m_undoButton = button(tr("Undo last write"), tr("Restore the genres the last write changed, from its journal (Ctrl+Z)"), bar);
    m_undoButton->setShortcut(QKeySequence::Undo);
    m_undoButton->setEnabled(QFileInfo::exists(lastJournal()));
    connect(m_undoButton, &QPushButton::clicked, this, &TagWorkspace::confirmAndUndo);
    m_writeButton = button(tr("&Write tags…"), tr("Lists each file's genre now → after, then writes the accepted genres"), bar);
    connect(m_writeButton, &QPushButton::clicked, this, &TagWorkspace::confirmAndWrite);
    for (QPushButton *b : {accept, reject, above, words})
        layout->addWidget(b);
    layout->addStretch();
    for (QPushButton *b : {playlists, csv, m_undoButton, m_writeButton})
        layout->addWidget(b);
    return bar;
}

void TagWorkspace::setLibraryFolder(const QString &folder)
{
    m_folder->setText(QDir(folder).absolutePath());
    QSettings().setValue(QStringLiteral("tag/folder"), m_folder->text());
    if (QFileInfo::exists(catalogPath()))
        loadCatalog();
}

void TagWorkspace::setModel(const QString &model)
{
    m_model->setText(model);
    QSettings().setValue(QStringLiteral("tag/model"), model);
    if (QFileInfo::exists(catalogPath()))
        loadCatalog(); // this model's suggestions, not the previous one's
}

QString TagWorkspace::model() const
{
    return m_model->text();
}

QString TagWorkspace::libraryFolder() const
{
    return m_folder->text();
}

QString TagWorkspace::catalogPath() const
{
    return m_folder->text().isEmpty() ? QString() : LibraryCatalog::defaultPathFor(m_folder->text());
}

QString TagWorkspace::lastJournal() const
{
    // The newest journal, whoever wrote it: the GUI, or genrelab-cli tag --write.
    return TagJournal::newestIn(DataHome::journalsDir());
}

void TagWorkspace::startJob(const QString &title, std::function<Outcome(ProgressReporter &)> work)
{
    if (!m_jobs->run(title, std::move(work), [this](const Outcome &outcome) { jobFinished(outcome); },
                     [this](const Error &error) { jobFailed(error); }))
        return;
    for (QPushButton *b : {m_analyseButton, m_writeButton, m_undoButton})
        b->setEnabled(false);
}

void TagWorkspace::enableActions()
{
    m_analyseButton->setEnabled(true);
    m_writeButton->setEnabled(true);
    m_undoButton->setEnabled(QFileInfo::exists(lastJournal()));
}

void TagWorkspace::jobFailed(const Error &error)
{
    enableActions();
    Q_EMIT status(error.message());
    if (error.kind() != Error::Kind::Cancelled)
        QMessageBox::warning(this, tr("Tag library"), error.message());
}

void TagWorkspace::analyse()
{
    const QString folder = m_folder->text(), model = m_model->text(), catalog = catalogPath();
    if (!QFileInfo(folder).isDir())
        return Q_EMIT status(tr("Choose a music folder first"));
    if (model.isEmpty())
        return Q_EMIT status(tr("Choose a model first: export one from Evaluate (Export model…)"));
    QSettings().setValue(QStringLiteral("tag/folder"), folder);
    QSettings().setValue(QStringLiteral("tag/model"), model);
    QSettings().setValue(QStringLiteral("tag/windows"), m_windows->value());
    const LibraryAnalyzer::Options options{model, m_windows->value(), QThread::idealThreadCount(), 32};
    startJob(tr("Analysing %1…").arg(QFileInfo(folder).fileName()), [folder, catalog, options](ProgressReporter &progress) {
        LibraryCatalog worker(catalog); // the worker's own connection
        Outcome outcome;
        outcome.wasAnalysis = true;
        outcome.analysis = LibraryAnalyzer::analyze(folder, worker, options, &progress);
        return outcome;
    });
}

void TagWorkspace::jobFinished(const Outcome &outcome)
{
    enableActions();
    if (outcome.wasAnalysis) {
        const LibraryAnalyzer::Result &r = outcome.analysis;
        loadCatalog();
        Q_EMIT status(tr("%1 file(s): %2 analysed, %3 unchanged since last time, %4 failed%5")
                          .arg(r.files).arg(r.analysed).arg(r.upToDate).arg(r.failed)
                          .arg(r.cancelled ? tr(" (cancelled: Analyse again to go on)") : QString()));
        Q_EMIT analysed(r);
        return;
    }
    const TagWriter::Report &report = outcome.tagging;
    for (const LibraryCatalog::FileTag &file : outcome.refreshed)
        m_review->updateFile(file.path, file.genre, file.size, file.modified);
    QString text = tr("%1 file(s) written, %2 already right, %3 skipped").arg(report.written).arg(report.unchanged)
                       .arg(report.skipped.size());
    if (std::exchange(m_reportUndo, false)) {
        // What the undo restored, file by file: each file's genre as it is now.
        QStringList restored;
        for (const LibraryCatalog::FileTag &file : outcome.refreshed)
            restored << tr("%1: %2").arg(QFileInfo(file.path).fileName(), file.genre.isEmpty() ? tr("(no genre)") : file.genre);
        text = tr("Undo restored %1 file(s), %2 skipped").arg(report.written).arg(report.skipped.size());
        Q_EMIT status(text);
        QMessageBox::information(this, tr("Undo last write"), text + QStringLiteral("\n\n")
                                     + (restored.mid(0, 30) + report.skipped.mid(0, 20)).join(u'\n'));
        Q_EMIT written(report);
        return;
    }
    Q_EMIT status(text);
    if (!report.skipped.isEmpty())
        QMessageBox::information(this, tr("Tag library"), text + u'\n' + report.skipped.mid(0, 20).join(u'\n'));
    Q_EMIT written(report);
}

void TagWorkspace::loadCatalog()
{
    try {
        LibraryCatalog catalog(catalogPath());
        std::vector<CatalogTrack> tracks = catalog.tracks(m_folder->text());
        // Only the chosen model's verdicts, read against its own classes: another model's
        // label numbers index other class names (they wait for Analyse with that model).
        QStringList classes = catalog.classes();
        // (No readable model chosen: what the last analysis left.)
        if (QFileInfo::exists(m_model->text())) {
            const QString model = LibraryAnalyzer::modelId(m_model->text(), m_windows->value());
            const auto fromAnother = std::erase_if(tracks, [&](const CatalogTrack &t) { return t.error.isEmpty() && t.model != model; });
            classes = catalog.classes(model);
            if (fromAnother > 0)
                Q_EMIT status(tr("%n track(s) have suggestions from another model (or window count): Analyse to get "
                                 "this model's", nullptr, int(fromAnother)));
        }
        m_failures->clear();
        for (const CatalogTrack &t : tracks)
            if (!t.error.isEmpty())
                m_failures->addItem(QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(t.path), t.error));
        m_failures->setVisible(m_failures->count() > 0);
        m_review->setTracks(std::move(tracks), classes);
        m_review->applyDecisions(catalog.decisions(m_folder->text()));
        updateCounts();
    } catch (const Error &error) {
        Q_EMIT status(error.message());
    }
}

void TagWorkspace::confirmAndWrite()
{
    const std::vector<TagChange> changes = m_review->changes();
    if (changes.empty())
        return Q_EMIT status(tr("Accept some suggestions first (tick them, or Accept selected)"));
    const TagWriter::Report plan = TagWriter::plan(changes);
    QHash<QString, QString> reasons; // "path: reason" → path → reason
    for (const QString &skipped : plan.skipped)
        for (const TagChange &change : changes)
            if (skipped.startsWith(change.path + QStringLiteral(": ")))
                reasons.insert(change.path, skipped.mid(change.path.size() + 2));
    const QString summary = tr("%1 file(s) will change, %2 already have that genre, %3 cannot be written.\n"
                               "Only the genre field changes; the audio is not touched. Every change is journaled, so "
                               "Undo restores the old genres.")
                                .arg(plan.written).arg(plan.unchanged).arg(plan.skipped.size());
    ChangePreviewDialog dialog(tr("Write tags"), summary, tr("Write %1 file(s)").arg(plan.written), plan.written > 0, this);
    for (const TagChange &change : changes)
        dialog.addFile(change.path, change.oldGenre, change.newGenre,
                       !change.changesSomething()      ? tr("already right")
                       : reasons.contains(change.path) ? tr("skipped: %1").arg(reasons.value(change.path))
                                                       : tr("will be written"));
    if (dialog.exec() == QDialog::Accepted)
        writeAccepted();
}

void TagWorkspace::writeAccepted()
{
    const std::vector<TagChange> changes = m_review->changes();
    const QString folder = DataHome::journalsDir();
    QDir().mkpath(folder);
    const QString journal = TagJournal::newPathIn(folder);
    startJob(tr("Writing tags…"), [changes, journal, catalog = catalogPath()](ProgressReporter &progress) {
        Outcome outcome;
        outcome.tagging = TagWriter::apply(changes, journal, &progress);
        outcome.refreshed = LibraryCatalog(catalog).refreshGenreTags(changes);
        return outcome;
    });
}

void TagWorkspace::undoLastWrite()
{
    const QString journal = lastJournal();
    if (!QFileInfo::exists(journal))
        return Q_EMIT status(tr("Nothing to undo"));
    startJob(tr("Undoing the last write…"), [journal, catalog = catalogPath()](ProgressReporter &progress) {
        Outcome outcome;
        outcome.tagging = TagWriter::undo(journal, &progress);
        outcome.refreshed = LibraryCatalog(catalog).refreshGenreTags(TagJournal(journal).entries());
        return outcome;
    });
}

void TagWorkspace::confirmAndUndo()
{
    const QString journal = lastJournal();
    if (!QFileInfo::exists(journal))
        return Q_EMIT status(tr("Nothing to undo"));
    const std::vector<TagChange> entries = TagJournal(journal).entries();
    ChangePreviewDialog dialog(tr("Undo last write"),
                               tr("The last write (%1) changed %2 file(s). Undo puts back each file's old genre; a file "
                                  "whose genre was changed since is left alone.")
                                   .arg(QFileInfo(journal).fileName()).arg(entries.size()),
                               tr("Undo"), !entries.empty(), this);
    for (const TagChange &entry : entries)
        dialog.addFile(entry.path, entry.newGenre, entry.oldGenre, tr("will be restored"));
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_reportUndo = true;
    undoLastWrite();
}

void TagWorkspace::showAll()
{
    m_text->clear();
    m_minConfidence->setValue(0);
    m_onlyDiffering->setChecked(false);
}

void TagWorkspace::saveDecisions()
{
    m_decisionsPending = false;
    if (catalogPath().isEmpty())
        return;
    try {
        LibraryCatalog(catalogPath()).storeDecisions(m_folder->text(), m_review->decisions());
    } catch (const Error &error) {
        Q_EMIT status(error.message());
    }
}

QList<int> TagWorkspace::selectedSourceRows() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        rows << m_filter->mapToSource(index).row();
    return rows;
}

void TagWorkspace::acceptSelected()
{
    for (int row : selectedSourceRows())
        m_review->setAccepted(row, true);
}

void TagWorkspace::rejectSelected()
{
    for (int row : selectedSourceRows())
        m_review->setRejected(row);
}

void TagWorkspace::acceptAboveThreshold()
{
    const int accepted = m_review->acceptAbove(m_minConfidence->value() / 100.0);
    Q_EMIT status(tr("%1 track(s) accepted").arg(accepted));
}

void TagWorkspace::showTrack(int sourceRow)
{
    m_shownRow = sourceRow;
    if (sourceRow < 0) {
        m_timeline->clear();
        return;
    }
    const CatalogTrack &t = m_review->track(sourceRow);
    QString title = QDir::toNativeSeparators(t.path);
    if (!t.artist.isEmpty() || !t.title.isEmpty())
        title += QStringLiteral("\n%1 – %2").arg(t.artist, t.title);
    if (t.ok())
        title += tr("\nSuggested: %1 (%2 %), genre now: %3").arg(m_review->genreFor(sourceRow))
                     .arg(100.0 * t.confidence, 0, 'f', 0).arg(t.genreTag.isEmpty() ? tr("none") : t.genreTag);
    else
        title += tr("\nCould not be analysed: %1").arg(t.error);
    m_trackTitle->setText(title);
    std::vector<ProbabilityTimeline::Snippet> windows;
    const std::size_t classes = std::size_t(m_review->classes().size());
    for (std::size_t w = 0; classes && w < t.windowStarts.size() && (w + 1) * classes <= t.windowProbabilities.size(); ++w)
        windows.push_back({t.windowStarts[w], std::vector<float>(t.windowProbabilities.begin() + std::ptrdiff_t(w * classes),
                                                                 t.windowProbabilities.begin() + std::ptrdiff_t((w + 1) * classes))});
    QStringList words;
    for (const QString &label : m_review->classes())
        words << m_review->vocabulary().word(label);
    // Windows are spread over the track: each column spans to the next window's start.
    const double spacing = t.windowStarts.size() > 1 ? t.windowStarts[1] - t.windowStarts[0] : 3.0;
    m_timeline->setTrack(std::move(windows), words, std::max(3.0, spacing));
    m_player->setFile(t.path, this);
}

void TagWorkspace::chooseGenreWords()
{
    if (m_review->classes().isEmpty())
        return Q_EMIT status(tr("Analyse a folder first: the words are for the model's classes"));
    GenreWordsDialog dialog(m_review->classes(), m_review->vocabulary(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_review->setVocabulary(dialog.vocabulary());
    QSettings().setValue(QStringLiteral("tag/vocabulary"), dialog.vocabulary().toText());
}

void TagWorkspace::exportPlaylists()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder for the playlists"), m_folder->text());
    if (folder.isEmpty())
        return;
    if (m_review->acceptedCount() == 0)
        return Q_EMIT status(tr("Accept some suggestions first: playlists hold the accepted tracks"));
    try {
        const QStringList written = LibraryExport::writePlaylists(decidedTracks(*m_review), folder);
        Q_EMIT status(tr("%1 playlist(s) written to %2").arg(written.size()).arg(QDir::toNativeSeparators(folder)));
    } catch (const Error &error) {
        Q_EMIT status(error.message());
    }
}

void TagWorkspace::exportCsv()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export predictions"), QDir(m_folder->text()).filePath(QStringLiteral("genres.csv")),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    try {
        LibraryExport::writeCsv(decidedTracks(*m_review), m_review->classes(), m_review->vocabulary(), path);
        Q_EMIT status(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
    } catch (const Error &error) {
        Q_EMIT status(error.message());
    }
}

void TagWorkspace::updateCounts()
{
    m_counts->setText(tr("%1 shown of %2, %3 accepted").arg(m_filter->rowCount()).arg(m_review->rowCount())
                          .arg(m_review->acceptedCount()));
    // Rows a filter hides are said, with the way back beside it.
    const int hidden = m_filter->hiddenCount();
    m_hiddenNote->setText(hidden > 0 ? tr("%1 hidden by the filters").arg(hidden) : QString());
    m_hiddenNote->setVisible(hidden > 0);
    m_showAll->setVisible(m_filter->isFiltering());
}

} // namespace genrelab
