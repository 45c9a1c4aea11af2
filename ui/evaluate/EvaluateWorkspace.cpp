#include "EvaluateWorkspace.h"

#include "charts/CurveChart.h"
#include "data/TrackFeaturizer.h"
#include "dsp/FeatureContract.h"
#include "jobs/JobRunner.h"
#include "ml/PyTorchExport.h"
#include "io/RunReport.h"
#include "ml/BundleConverter.h"
#include "models/ClassMetricsModel.h"
#include "models/ConfusionTableModel.h"
#include "models/PredictionTableModel.h"
#include "models/RunListModel.h"
#include "playback/PlaybackController.h"
#include "util/CheckedSaveFile.h"
#include "util/Csv.h"
#include "util/Error.h"
#include "views/ColourLegend.h"
#include "views/ConfusionMatrixView.h"
#include "views/ProbabilityTimeline.h"
#include "views/SpectrogramView.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace genrelab {

namespace {
constexpr int kListLimit = 200;   // rows in the "most confidently wrong" / "least confident" lists
constexpr int kMaxCompared = 6;   // runs overlaid at once

// A panel for one of the splitter's parts, laid out top to bottom without margins.
QVBoxLayout *verticalPanel(QWidget *parent, QWidget **panel)
{
    *panel = new QWidget(parent);
    auto *layout = new QVBoxLayout(*panel);
    layout->setContentsMargins(0, 0, 0, 0);
    return layout;
}

QLabel *boldLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}
} // namespace

EvaluateWorkspace::EvaluateWorkspace(QWidget *parent)
    : QWidget(parent)
    , m_runs(new RunListModel(this))
    , m_confusion(new ConfusionTableModel(this))
    , m_classMetrics(new ClassMetricsModel(this))
    , m_cell(new PredictionTableModel(this))
    , m_wrong(new PredictionTableModel(this))
    , m_unsure(new PredictionTableModel(this))
    , m_player(new PlaybackController(this))
    , m_featureJobs(new JobRunner(JobRunner::Policy::LatestWins, this))
{
    connect(m_featureJobs, &JobRunner::failed, this, [this](const QString &message, Error::Kind kind) {
        if (kind == Error::Kind::Cancelled)
            return; // superseded by another selection
        m_spectrogram->clear();
        Q_EMIT status(message);
    });
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("evaluateSplitter"));
    splitter->addWidget(createRunsPanel());
    splitter->addWidget(createMatrixPanel());
    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(createListsPanel());
    right->addWidget(createInspector());
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 4);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createToolbar());
    layout->addWidget(splitter, 1);

    splitter->setSizes({250, 590, 560});
    right->setSizes({300, 500});
    QSettings settings;
    splitter->restoreState(settings.value(QStringLiteral("evaluate/splitter")).toByteArray());
    connect(splitter, &QSplitter::splitterMoved, this,
            [splitter] { QSettings().setValue(QStringLiteral("evaluate/splitter"), splitter->saveState()); });

    connect(m_player, &PlaybackController::positionChanged, m_spectrogram, &SpectrogramView::setPlayhead);
    connect(m_player, &PlaybackController::positionChanged, m_timeline, &ProbabilityTimeline::setPlayhead);
    connect(m_player, &PlaybackController::failed, this, &EvaluateWorkspace::status);
    auto *space = new QShortcut(Qt::Key_Space, this);
    space->setContext(Qt::WidgetWithChildrenShortcut);
    connect(space, &QShortcut::activated, this, &EvaluateWorkspace::playSelectedSnippet);
}

EvaluateWorkspace::~EvaluateWorkspace() = default;

QWidget *EvaluateWorkspace::createToolbar()
{
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    m_runTitle = boldLabel(bar);
    m_runTitle->setText(tr("No run open: train one, or pick one from the list"));
    layout->addWidget(m_runTitle, 1);

    m_partBox = new QComboBox(bar);
    m_partBox->addItem(tr("Test"), int(SplitPart::Test));
    m_partBox->addItem(tr("Validation"), int(SplitPart::Valid));
    m_partBox->setToolTip(tr("Which held-out part to score"));
    m_levelBox = new QComboBox(bar);
    m_levelBox->addItem(tr("Snippets"), int(Evaluation::Level::Snippets));
    m_levelBox->addItem(tr("Tracks (vote)"), int(Evaluation::Level::Tracks));
    m_levelBox->setToolTip(tr("Score each 3-second snippet, or each track by the majority vote of its snippets"));
    m_showBox = new QComboBox(bar);
    m_showBox->addItem(tr("Counts and %"), int(ConfusionTableModel::Show::Both));
    m_showBox->addItem(tr("Counts"), int(ConfusionTableModel::Show::Counts));
    m_showBox->addItem(tr("% of true class"), int(ConfusionTableModel::Show::Percent));
    for (QComboBox *box : {m_partBox, m_levelBox, m_showBox})
        layout->addWidget(box);

    auto *png = new QPushButton(tr("Export PNG…"), bar);
    png->setToolTip(tr("Save the confusion matrix as an image"));
    connect(png, &QPushButton::clicked, this, [this] { chooseExportPath(true); });
    auto *csvButton = new QPushButton(tr("Export CSV…"), bar);
    csvButton->setToolTip(tr("Save the confusion matrix's counts as CSV"));
    connect(csvButton, &QPushButton::clicked, this, [this] { chooseExportPath(false); });
    layout->addWidget(png);
    layout->addWidget(csvButton);
    auto *model = new QPushButton(tr("Export model…"), bar);
    model->setToolTip(tr("Save this run's model as a .genrelab bundle (for genrelab-cli predict and tag) or as a "
                         "PyTorch state_dict"));
    connect(model, &QPushButton::clicked, this, &EvaluateWorkspace::chooseModelExport);
    auto *report = new QPushButton(tr("Report…"), bar);
    report->setToolTip(tr("Write the run's report as one HTML file or a PDF"));
    report->setShortcut(QKeySequence(tr("Ctrl+R")));
    connect(report, &QPushButton::clicked, this, &EvaluateWorkspace::chooseReport);
    layout->addWidget(model);
    layout->addWidget(report);

    QSettings settings;
    m_partBox->setCurrentIndex(settings.value(QStringLiteral("evaluate/part"), 0).toInt());
    m_levelBox->setCurrentIndex(settings.value(QStringLiteral("evaluate/level"), 0).toInt());
    m_showBox->setCurrentIndex(settings.value(QStringLiteral("evaluate/show"), 0).toInt());
    m_part = SplitPart(m_partBox->currentData().toInt());
    m_level = Evaluation::Level(m_levelBox->currentData().toInt());
    m_confusion->setShow(ConfusionTableModel::Show(m_showBox->currentData().toInt()));
    connect(m_partBox, &QComboBox::currentIndexChanged, this, [this](int index) {
        QSettings().setValue(QStringLiteral("evaluate/part"), index);
        setPart(SplitPart(m_partBox->itemData(index).toInt()));
    });
    connect(m_levelBox, &QComboBox::currentIndexChanged, this, [this](int index) {
        QSettings().setValue(QStringLiteral("evaluate/level"), index);
        setLevel(Evaluation::Level(m_levelBox->itemData(index).toInt()));
    });
    connect(m_showBox, &QComboBox::currentIndexChanged, this, [this](int index) {
        QSettings().setValue(QStringLiteral("evaluate/show"), index);
        m_confusion->setShow(ConfusionTableModel::Show(m_showBox->itemData(index).toInt()));
    });
    return bar;
}

QWidget *EvaluateWorkspace::createRunsPanel()
{
    QWidget *panel = nullptr;
    QVBoxLayout *layout = verticalPanel(this, &panel);
    auto *header = new QHBoxLayout;
    QLabel *title = boldLabel(panel);
    title->setText(tr("Runs of this dataset"));
    header->addWidget(title);
    auto *refresh = new QPushButton(tr("Refresh"), panel);
    refresh->setToolTip(tr("Look again for runs in the runs folder"));
    connect(refresh, &QPushButton::clicked, this, &EvaluateWorkspace::refreshRuns);
    header->addStretch();
    header->addWidget(refresh);
    layout->addLayout(header);

    m_runView = new QTableView(panel);
    m_runView->setObjectName(QStringLiteral("runView"));
    m_runView->setModel(m_runs);
    m_runView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_runView->verticalHeader()->hide();
    m_runView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_runView->setToolTip(tr("Select a run to explore it; Ctrl+click or Shift+click several to overlay their curves"));
    connect(m_runView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            openRun(m_runs->run(current.row()).path());
    });
    connect(m_runView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &EvaluateWorkspace::compareSelectedRuns);
    layout->addWidget(m_runView, 2);

    m_comparison = new CurveChart(tr("Accuracy of the selected runs"), tr("epoch"), tr("accuracy"), panel);
    m_comparison->setYRange(0.0, 1.0);
    m_comparison->setToolTip(tr("Solid: validation accuracy; dashed: training accuracy. The space between them is "
                                "overfitting"));
    layout->addWidget(m_comparison, 3);
    return panel;
}

QWidget *EvaluateWorkspace::createMatrixPanel()
{
    QWidget *panel = nullptr;
    QVBoxLayout *layout = verticalPanel(this, &panel);
    m_summary = new QLabel(panel);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_matrixView = new ConfusionMatrixView(panel);
    m_matrixView->setObjectName(QStringLiteral("confusionMatrix"));
    m_matrixView->setConfusionModel(m_confusion);
    connect(m_matrixView, &ConfusionMatrixView::cellActivated, this, &EvaluateWorkspace::showCell);
    layout->addWidget(m_matrixView, 5);
    const ColourMap *colours = &m_matrixView->colourMap();
    layout->addWidget(new ColourLegend([colours](double t) { return QColor(colours->at(1.0 - 0.85 * t)); },
                                       QStringLiteral("0%"), QStringLiteral("100%"),
                                       tr("share of the true class"), panel));
    auto *metricsView = new QTableView(panel);
    metricsView->setModel(m_classMetrics);
    metricsView->verticalHeader()->hide();
    metricsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    metricsView->horizontalHeader()->setSectionResizeMode(ClassMetricsModel::Class, QHeaderView::Stretch);
    metricsView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    metricsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(metricsView, 3);
    return panel;
}

QTableView *EvaluateWorkspace::createPredictionView(PredictionTableModel *model, const QString &name)
{
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(model);
    proxy->setSortRole(Qt::EditRole);
    auto *view = new QTableView(this);
    view->setObjectName(name);
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setSectionResizeMode(PredictionTableModel::Track, QHeaderView::Stretch);
    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this, proxy, model](const QModelIndex &current) {
        if (current.isValid())
            showPrediction(model->row(proxy->mapToSource(current).row()));
    });
    return view;
}

QWidget *EvaluateWorkspace::createListsPanel()
{
    QWidget *panel = nullptr;
    QVBoxLayout *layout = verticalPanel(this, &panel);
    m_cellTitle = boldLabel(panel);
    m_cellTitle->setText(tr("Click a cell of the matrix to list its predictions"));
    layout->addWidget(m_cellTitle);
    m_lists = new QTabWidget(panel);
    m_cellView = createPredictionView(m_cell, QStringLiteral("cellView"));
    m_lists->addTab(m_cellView, tr("In the cell"));
    m_lists->addTab(createPredictionView(m_wrong, QStringLiteral("wrongView")), tr("Most confidently wrong"));
    m_lists->setTabToolTip(1, tr("Wrong predictions the network was surest of: where mislabelled clips hide"));
    m_lists->addTab(createPredictionView(m_unsure, QStringLiteral("unsureView")), tr("Least confident"));
    layout->addWidget(m_lists);
    return panel;
}

QWidget *EvaluateWorkspace::createInspector()
{
    QWidget *panel = nullptr;
    QVBoxLayout *layout = verticalPanel(this, &panel);
    m_predictionTitle = new QLabel(panel);
    m_predictionTitle->setWordWrap(true);
    m_predictionTitle->setTextFormat(Qt::PlainText);
    layout->addWidget(m_predictionTitle);
    m_spectrogram = new SpectrogramView(panel);
    layout->addWidget(m_spectrogram, 3);
    m_timeline = new ProbabilityTimeline(panel);
    layout->addWidget(m_timeline, 2);
    connect(m_timeline, &ProbabilityTimeline::snippetClicked, this, [this](int snippet) {
        m_timeline->setSelectedSnippet(snippet);
        m_spectrogram->setSelectedSnippet(snippet);
        m_player->playRange(snippet * FeatureContract::snippetSeconds(), FeatureContract::snippetSeconds());
    });

    auto *buttons = new QHBoxLayout;
    auto *play = new QPushButton(tr("Play snippet"), panel);
    play->setToolTip(tr("Play the selected 3 seconds (Space)"));
    connect(play, &QPushButton::clicked, this, &EvaluateWorkspace::playSelectedSnippet);
    auto *playTrack = new QPushButton(tr("Play track"), panel);
    connect(playTrack, &QPushButton::clicked, m_player, &PlaybackController::playTrack);
    auto *stop = new QPushButton(tr("Stop"), panel);
    connect(stop, &QPushButton::clicked, m_player, &PlaybackController::stop);
    auto *explore = new QPushButton(tr("Show in Explore"), panel);
    explore->setToolTip(tr("Open this track in the dataset browser"));
    connect(explore, &QPushButton::clicked, this, [this] {
        if (m_shown && m_run)
            Q_EMIT showTrackRequested(m_run->trackPath(m_shown->track));
    });
    for (QPushButton *button : {play, playTrack, stop, explore})
        buttons->addWidget(button);
    buttons->addStretch();
    layout->addLayout(buttons);
    return panel;
}

void EvaluateWorkspace::setDataset(const Dataset &dataset, std::shared_ptr<const FeatureCache> cache)
{
    m_dataset = dataset;
    m_cache = std::move(cache);
    refreshRuns();
}

void EvaluateWorkspace::setRunsFolder(const QString &folder)
{
    m_runs->scan(folder, m_dataset.rootPath());
}

void EvaluateWorkspace::refreshRuns()
{
    const QString open = m_run ? m_run->path() : QString();
    m_runs->scan(m_runs->runsFolder(), m_dataset.rootPath());
    selectRunRow(m_runs->rowOf(open));
    compareSelectedRuns();
}

// Selects a run in the list without reopening it (the caller has it open already).
void EvaluateWorkspace::selectRunRow(int row)
{
    if (row < 0)
        return;
    QSignalBlocker blocker(m_runView->selectionModel());
    m_runView->selectionModel()->setCurrentIndex(m_runs->index(row, 0),
                                                 QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

bool EvaluateWorkspace::openRun(const QString &runDir)
{
    try {
        RunResults run = RunResults::load(runDir);
        if (!run.hasPredictions()) {
            Q_EMIT status(tr("%1 has no predictions yet: it was stopped before its final evaluation").arg(run.name()));
            return false;
        }
        m_run = std::move(run);
    } catch (const Error &error) {
        Q_EMIT status(error.message());
        return false;
    }
    const int row = m_runs->rowOf(runDir);
    if (row >= 0 && m_runView->currentIndex().row() != row) {
        selectRunRow(row);
        compareSelectedRuns();
    }
    m_runTitle->setText(tr("%1 — %2").arg(m_run->name(), m_run->splitSummary()));
    if (m_run->config().split == DataSplit::Kind::Seed)
        m_runTitle->setText(m_runTitle->text() + u'\n' + DataSplit::leakageWarning());
    showEvaluation();
    return true;
}

void EvaluateWorkspace::setPart(SplitPart part)
{
    m_part = part;
    m_partBox->setCurrentIndex(m_partBox->findData(int(part)));
    showEvaluation();
}

void EvaluateWorkspace::setLevel(Evaluation::Level level)
{
    m_level = level;
    m_levelBox->setCurrentIndex(m_levelBox->findData(int(level)));
    showEvaluation();
}

std::vector<PredictionRow> EvaluateWorkspace::currentRows() const
{
    if (!m_run)
        return {};
    const std::vector<SnippetPrediction> predictions = m_run->predictions(m_part);
    if (m_level == Evaluation::Level::Snippets)
        return PredictionRow::ofSnippets(predictions);
    return PredictionRow::ofTracks(Evaluation::tracksOf(predictions, int(m_run->labels().size())));
}

void EvaluateWorkspace::showEvaluation()
{
    if (!m_run)
        return;
    const Evaluation evaluation = m_run->evaluation(m_part);
    const QStringList &labels = m_run->labels();
    const bool tracks = m_level == Evaluation::Level::Tracks;
    m_confusion->setMatrix(evaluation.confusion(m_level), labels, tracks ? tr("tracks") : tr("snippets"));
    m_classMetrics->setEvaluation(evaluation, m_level, labels);
    m_summary->setText(tr("%1: snippet accuracy %2 % (%3 snippets); track accuracy %4 % by vote, %5 % by mean "
                          "probability (%6 tracks)")
                           .arg(m_part == SplitPart::Test ? tr("Test") : tr("Validation"))
                           .arg(100 * evaluation.snippetAccuracy(), 0, 'f', 1).arg(evaluation.snippetCount())
                           .arg(100 * evaluation.trackAccuracyVote(), 0, 'f', 1)
                           .arg(100 * evaluation.trackAccuracyMean(), 0, 'f', 1).arg(evaluation.trackCount()));
    const std::vector<PredictionRow> rows = currentRows();
    const auto name = [this](int track) { return m_run ? m_run->trackName(track) : QString(); };
    m_wrong->setRows(PredictionRow::mostConfidentlyWrong(rows, kListLimit), labels, name);
    m_unsure->setRows(PredictionRow::leastConfident(rows, kListLimit), labels, name);
    m_cell->clear();
    m_cellTitle->setText(tr("Click a cell of the matrix to list its %1").arg(tracks ? tr("tracks") : tr("snippets")));
    selectMostConfusedCell();
}

// Where a student should look first: the largest off-diagonal count.
void EvaluateWorkspace::selectMostConfusedCell()
{
    int bestTrue = -1, bestPredicted = -1, bestCount = 0;
    for (int t = 0; t < m_confusion->rowCount(); ++t)
        for (int p = 0; p < m_confusion->columnCount(); ++p)
            if (t != p && m_confusion->count(t, p) > bestCount) {
                bestCount = m_confusion->count(t, p);
                bestTrue = t;
                bestPredicted = p;
            }
    if (bestTrue >= 0)
        m_matrixView->setCurrentIndex(m_confusion->index(bestTrue, bestPredicted));
}

void EvaluateWorkspace::showCell(int trueLabel, int predicted)
{
    if (!m_run)
        return;
    const QStringList &labels = m_run->labels();
    std::vector<PredictionRow> rows = PredictionRow::inCell(currentRows(), trueLabel, predicted);
    m_cellTitle->setText(tr("True %1, predicted %2: %n prediction(s)", nullptr, int(rows.size()))
                             .arg(labels.value(trueLabel), labels.value(predicted)));
    m_cell->setRows(std::move(rows), labels, [this](int track) { return m_run ? m_run->trackName(track) : QString(); });
    m_lists->setCurrentWidget(m_cellView);
}

void EvaluateWorkspace::compareSelectedRuns()
{
    m_comparison->removeAllSeries();
    const QModelIndexList rows = m_runView->selectionModel()->selectedRows();
    for (int i = 0; i < int(rows.size()) && i < kMaxCompared; ++i) {
        const RunResults &run = m_runs->run(rows[i].row());
        const QColor colour = ProbabilityTimeline::classColour(i);
        const int valid = m_comparison->addSeries(tr("%1 valid").arg(run.name()), colour, CurveChart::Style::LineWithPoints);
        const int train = m_comparison->addSeries(tr("%1 train").arg(run.name()), colour, CurveChart::Style::Dashed);
        for (const EpochMetrics &m : run.metrics()) {
            m_comparison->append(valid, m.epoch, m.validAccuracy);
            m_comparison->append(train, m.epoch, m.trainAccuracy);
        }
    }
}

void EvaluateWorkspace::showPrediction(const PredictionRow &row)
{
    m_shown = row;
    const QStringList &labels = m_run->labels();
    const QString where = row.isTrack() ? tr("whole track") : tr("%1 s").arg(row.start, 0, 'f', 1);
    QString title = tr("%1 (%2): true %3, predicted %4 at %5 %")
                        .arg(m_run->trackName(row.track), where, labels.value(row.trueLabel), labels.value(row.predicted))
                        .arg(100 * row.confidence, 0, 'f', 1);

    // The timeline holds every snippet of the track in this part, in time order.
    std::vector<SnippetPrediction> ofTrack;
    for (const SnippetPrediction &p : m_run->predictions(m_part))
        if (p.track == row.track)
            ofTrack.push_back(p);
    std::sort(ofTrack.begin(), ofTrack.end(), [](const auto &a, const auto &b) { return a.snippet < b.snippet; });
    std::vector<ProbabilityTimeline::Snippet> snippets;
    for (const SnippetPrediction &p : ofTrack)
        snippets.push_back({p.start, p.probabilities});
    m_timeline->setTrack(std::move(snippets), labels, FeatureContract::snippetSeconds());
    const int selected = row.isTrack() ? 0 : row.snippet;
    m_timeline->setSelectedSnippet(selected);
    const std::vector<TrackPrediction> decided = Evaluation::tracksOf(ofTrack, int(labels.size()));
    if (!decided.empty())
        title += tr("\nTrack decision: %1 by vote, %2 by mean probability (%3 %)")
                     .arg(labels.value(decided.front().byVote), labels.value(decided.front().byMean))
                     .arg(100 * decided.front().meanProbabilities[std::size_t(decided.front().byMean)], 0, 'f', 1);
    m_predictionTitle->setText(title);

    const QString path = m_run->trackPath(row.track);
    showTrackFeatures(path, selected);
    m_player->setFile(path);
    playSelectedSnippet();
}

// From the open dataset's feature cache when the track is in it (no decoding), else
// computed from the file (a run of another dataset, or the cache was cleared).
void EvaluateWorkspace::showTrackFeatures(const QString &path, int selectedSnippet)
{
    m_featureJobs->cancel(); // an older, slower selection must not overwrite this one
    const int entry = m_cache ? m_cache->findTrack(path) : -1;
    if (entry >= 0) {
        m_spectrogram->setFeatures(m_cache->trackFeatures(entry), int(m_cache->track(entry).snippetCount));
    } else if (!QFileInfo::exists(path)) {
        m_spectrogram->clear();
        Q_EMIT status(tr("%1 is not there any more: was the dataset moved?").arg(QDir::toNativeSeparators(path)));
        return;
    } else {
        // Decoding a whole track takes long enough to freeze the window: on a worker.
        m_spectrogram->clear();
        m_featureJobs->run(
            tr("Computing the features of %1").arg(QFileInfo(path).fileName()),
            [path](ProgressReporter &) {
                TrackFeatures features = TrackFeaturizer().featurize(path);
                if (!features.ok())
                    throw *features.error;
                return features;
            },
            [this, selectedSnippet](const TrackFeatures &features) {
                m_spectrogram->setFeatures(features.values, int(features.snippets));
                m_spectrogram->setSelectedSnippet(selectedSnippet);
            });
        return;
    }
    m_spectrogram->setSelectedSnippet(selectedSnippet);
}

void EvaluateWorkspace::playSelectedSnippet()
{
    if (!m_shown)
        return;
    const int snippet = std::max(0, m_spectrogram->selectedSnippet());
    m_player->playRange(snippet * FeatureContract::snippetSeconds(), FeatureContract::snippetSeconds());
}

void EvaluateWorkspace::chooseExportPath(bool png)
{
    if (!m_run)
        return Q_EMIT status(tr("Open a run first"));
    const QString path = png ? askSavePath(tr("Export confusion matrix as PNG"), QStringLiteral("-confusion.png"),
                                           tr("PNG images (*.png)"))
                             : askSavePath(tr("Export confusion matrix as CSV"), QStringLiteral("-confusion.csv"),
                                           tr("CSV files (*.csv)"));
    if (!path.isEmpty() && (png ? exportMatrixPng(path) : exportMatrixCsv(path)))
        Q_EMIT status(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
}

QString EvaluateWorkspace::askSavePath(const QString &title, const QString &suffix, const QString &filters)
{
    QSettings settings;
    const QString folder = settings.value(QStringLiteral("evaluate/exportFolder"), QDir::homePath()).toString();
    const QString path = QFileDialog::getSaveFileName(this, title, QDir(folder).filePath(m_run->name() + suffix), filters);
    if (!path.isEmpty())
        settings.setValue(QStringLiteral("evaluate/exportFolder"), QFileInfo(path).absolutePath());
    return path;
}

void EvaluateWorkspace::chooseModelExport()
{
    if (!m_run)
        return Q_EMIT status(tr("Open a run first"));
    const QString path = askSavePath(tr("Export model"), QStringLiteral(".genrelab"),
                                     tr("GenreLab model bundle (*.genrelab);;PyTorch state_dict (*.pt)"));
    if (!path.isEmpty() && exportModel(path))
        Q_EMIT status(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
}

void EvaluateWorkspace::chooseReport()
{
    if (!m_run)
        return Q_EMIT status(tr("Open a run first"));
    const QString path = askSavePath(tr("Write report"), QStringLiteral("-report.html"),
                                     tr("HTML, one file (*.html);;PDF (*.pdf)"));
    if (!path.isEmpty() && writeReport(path))
        Q_EMIT status(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
}

// Runs a short blocking write (a few hundred ms) under a wait cursor; an Error becomes
// a status message and false.
bool EvaluateWorkspace::runWithWaitCursor(const std::function<void()> &work)
{
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    bool ok = true;
    try {
        work();
    } catch (const Error &error) {
        Q_EMIT status(error.message());
        ok = false;
    }
    QGuiApplication::restoreOverrideCursor();
    return ok;
}

bool EvaluateWorkspace::exportModel(const QString &path)
{
    return runWithWaitCursor([&] {
        if (path.endsWith(QLatin1String(".pt"), Qt::CaseInsensitive))
            PyTorchExport::write(m_run->path(), path);
        else
            BundleConverter::fromRun(m_run->path()).write(path);
    });
}

bool EvaluateWorkspace::writeReport(const QString &path)
{
    return runWithWaitCursor([&] { RunReport(*m_run).write(path); });
}

bool EvaluateWorkspace::exportMatrixPng(const QString &path)
{
    const QImage image = m_matrixView->renderImage();
    if (image.isNull() || !image.save(path, "PNG")) {
        Q_EMIT status(tr("Could not write %1: check the folder's permissions and free space").arg(path));
        return false;
    }
    return true;
}

bool EvaluateWorkspace::exportMatrixCsv(const QString &path)
{
    const QStringList &labels = m_confusion->labels();
    QString text = QStringLiteral("true\\predicted");
    for (const QString &label : labels)
        text += u',' + csv::quote(label);
    text += u'\n';
    for (int t = 0; t < int(labels.size()); ++t) {
        text += csv::quote(labels[t]);
        for (int p = 0; p < int(labels.size()); ++p)
            text += u',' + QString::number(m_confusion->count(t, p));
        text += u'\n';
    }
    try {
        CheckedSaveFile::save(path, text.toUtf8());
    } catch (const Error &error) {
        Q_EMIT status(tr("Could not write %1").arg(error.message()));
        return false;
    }
    return true;
}

} // namespace genrelab
