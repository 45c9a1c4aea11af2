#include "EvaluateWorkspace.h"

#include "EmbeddingMapDialog.h"
#include "MatrixPanel.h"
#include "MistakeListsPanel.h"
#include "RunsPanel.h"
#include "SnippetInspector.h"
#include "io/RunReport.h"
#include "ml/BundleConverter.h"
#include "ml/PyTorchExport.h"
#include "ml/RunIndex.h"
#include "models/ClassMetricsModel.h"
#include "models/ConfusionTableModel.h"
#include "models/RunListModel.h"
#include "playback/PlaybackController.h"
#include "util/CheckedSaveFile.h"
#include "util/Csv.h"
#include "util/Error.h"
#include "views/ConfusionMatrixView.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace genrelab {

EvaluateWorkspace::EvaluateWorkspace(PlaybackController *player, QWidget *parent)
    : QWidget(parent)
    , m_player(player)
    , m_runs(new RunListModel(this))
    , m_confusion(new ConfusionTableModel(this))
    , m_classMetrics(new ClassMetricsModel(this))
{
    m_runsPanel = new RunsPanel(m_runs, this);
    m_matrixPanel = new MatrixPanel(m_confusion, m_classMetrics, this);
    m_lists = new MistakeListsPanel(this);
    m_inspector = new SnippetInspector(player, this);
    connect(m_runsPanel, &RunsPanel::runChosen, this, &EvaluateWorkspace::openRun);
    connect(m_runsPanel, &RunsPanel::refreshRequested, this, &EvaluateWorkspace::refreshRuns);
    connect(m_runsPanel, &RunsPanel::openRunRequested, this, &EvaluateWorkspace::chooseRunToOpen);
    connect(m_matrixPanel, &MatrixPanel::cellActivated, this, &EvaluateWorkspace::showCell);
    connect(m_matrixPanel, &MatrixPanel::epochChosen, this, &EvaluateWorkspace::replayEpoch);
    connect(m_lists, &MistakeListsPanel::predictionSelected, this, [this](const PredictionRow &row) {
        if (m_run)
            m_inspector->showPrediction(*m_run, m_part, row, m_cache);
    });
    connect(m_inspector, &SnippetInspector::showTrackRequested, this, &EvaluateWorkspace::showTrackRequested);
    connect(m_inspector, &SnippetInspector::status, this, &EvaluateWorkspace::status);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("evaluateSplitter"));
    splitter->addWidget(m_runsPanel);
    splitter->addWidget(m_matrixPanel);
    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(m_lists);
    right->addWidget(m_inspector);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 4);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createToolbar());
    layout->addWidget(splitter, 1);

    splitter->setSizes({200, 420, 620}); // the matrix is as wide as it is tall: the inspector takes the rest
    right->setSizes({240, 560}); // a few rows of mistakes; the spectrogram needs the height
    QSettings settings;
    splitter->restoreState(settings.value(QStringLiteral("evaluate/splitter")).toByteArray());
    connect(splitter, &QSplitter::splitterMoved, this,
            [splitter] { QSettings().setValue(QStringLiteral("evaluate/splitter"), splitter->saveState()); });

    auto *space = new QShortcut(Qt::Key_Space, this);
    space->setContext(Qt::WidgetWithChildrenShortcut);
    connect(space, &QShortcut::activated, this, &EvaluateWorkspace::playSelectedSnippet);
}

EvaluateWorkspace::~EvaluateWorkspace() = default;

QTableView *EvaluateWorkspace::runView() const { return m_runsPanel->view(); }
ConfusionMatrixView *EvaluateWorkspace::matrixView() const { return m_matrixPanel->matrixView(); }
PredictionTableModel *EvaluateWorkspace::cellPredictions() const { return m_lists->cell(); }
PredictionTableModel *EvaluateWorkspace::confidentlyWrong() const { return m_lists->confidentlyWrong(); }
PredictionTableModel *EvaluateWorkspace::leastConfident() const { return m_lists->leastConfident(); }
QTableView *EvaluateWorkspace::cellView() const { return m_lists->cellView(); }
ProbabilityTimeline *EvaluateWorkspace::timeline() const { return m_inspector->timeline(); }
SpectrogramView *EvaluateWorkspace::spectrogram() const { return m_inspector->spectrogram(); }
CurveChart *EvaluateWorkspace::comparisonChart() const { return m_runsPanel->chart(); }

QWidget *EvaluateWorkspace::createToolbar()
{
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    m_runTitle = new QLabel(bar);
    QFont bold = m_runTitle->font();
    bold.setBold(true);
    m_runTitle->setFont(bold);
    m_runTitle->setWordWrap(true);
    m_runTitle->setText(tr("No run open: train one, or pick one from the list"));
    layout->addWidget(m_runTitle, 1);

    m_partBox = new QComboBox(bar);
    m_partBox->addItem(tr("Test"), int(SplitPart::Test));
    m_partBox->addItem(tr("Validation"), int(SplitPart::Valid));
    m_partBox->setToolTip(tr("Which held-out part to score"));
    m_levelBox = new QComboBox(bar);
    m_levelBox->addItem(tr("Snippets"), int(Evaluation::Level::Snippets));
    m_levelBox->addItem(tr("Tracks (vote)"), int(Evaluation::Level::Tracks));
    m_levelBox->setToolTip(tr("Score each 3-second snippet, or each track by vote: every snippet votes for the genre it "
                              "finds likeliest and the track takes the most votes (a tie goes to the genre listed first). "
                              "The summary also gives the track decided by mean probability: the genre whose probability, "
                              "averaged over the snippets, is highest"));
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
                         "PyTorch state_dict (.pt) or safetensors file, both readable from Python"));
    connect(model, &QPushButton::clicked, this, &EvaluateWorkspace::chooseModelExport);
    auto *report = new QPushButton(tr("Report…"), bar);
    report->setToolTip(tr("Write the run's report as one HTML file or a PDF"));
    report->setShortcut(QKeySequence(tr("Ctrl+R")));
    connect(report, &QPushButton::clicked, this, &EvaluateWorkspace::chooseReport);
    auto *map = new QPushButton(tr("Map…"), bar);
    map->setToolTip(tr("The embedding map: every validation and test snippet where the network places it, "
                       "coloured by genre, mistakes ringed (Ctrl+M)"));
    map->setShortcut(QKeySequence(tr("Ctrl+M")));
    connect(map, &QPushButton::clicked, this, &EvaluateWorkspace::showEmbeddingMap);
    layout->addWidget(map);
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

void EvaluateWorkspace::setDataset(const Dataset &dataset, std::shared_ptr<const FeatureCache> cache)
{
    const bool otherDataset = QDir(dataset.rootPath()).absolutePath() != QDir(m_dataset.rootPath()).absolutePath();
    m_dataset = dataset;
    m_cache = std::move(cache);
    if (otherDataset)
        closeRun(); // nothing of the previous dataset's run stays on screen
    refreshRuns();
}

void EvaluateWorkspace::setRunsFolder(const QString &folder)
{
    m_runs->scan(folder, m_dataset.rootPath(), RunIndex::runs());
}

void EvaluateWorkspace::refreshRuns()
{
    m_runs->scan(m_runs->runsFolder(), m_dataset.rootPath(), RunIndex::runs());
    if (m_run)
        m_runsPanel->markOpen(m_run->path());
    m_runsPanel->compareSelected();
}

void EvaluateWorkspace::chooseRunToOpen()
{
    QSettings settings;
    const QString start = settings.value(QStringLiteral("evaluate/openRunFolder"), QDir::homePath()).toString();
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open run"), start);
    if (folder.isEmpty())
        return;
    settings.setValue(QStringLiteral("evaluate/openRunFolder"), QFileInfo(folder).absolutePath());
    if (openRun(folder))
        refreshRuns(); // listed from now on, if it belongs to the open dataset
}

bool EvaluateWorkspace::openRun(const QString &runDir)
{
    std::optional<RunResults> run;
    try {
        run = RunResults::load(runDir);
    } catch (const Error &error) {
        Q_EMIT status(error.message());
        return false;
    }
    if (!run->hasPredictions()) {
        Q_EMIT status(tr("%1 has no predictions yet: it was stopped before its final evaluation").arg(run->name()));
        return false;
    }
    try {
        RunIndex::add(run->path()); // a run opened from anywhere is listed with its dataset's runs
    } catch (const Error &error) {
        Q_EMIT status(error.message()); // not listed next time; it is open all the same
    }
    closeRun();
    m_run = std::move(run);
    m_runsPanel->markOpen(m_run->path());
    m_runTitle->setText(tr("%1 — %2").arg(m_runs->displayNameOf(*m_run), m_run->splitSummary()));
    if (m_run->worldSize() > 1)
        m_runTitle->setText(m_runTitle->text() + u'\n' + tr("Trained %1; its epoch matrices were not kept (each rank scored its own shard).").arg(m_run->parallelSummary()));
    if (m_run->config().split == DataSplit::Kind::Seed)
        m_runTitle->setText(m_runTitle->text() + u'\n' + DataSplit::leakageWarning());
    m_matrixPanel->setEpochReplay(int(m_run->epochConfusions().size()));
    showEvaluation();
    return true;
}

EmbeddingMapDialog *EvaluateWorkspace::showEmbeddingMap()
{
    if (!m_run) {
        Q_EMIT status(tr("Open a run first: the map shows where its model places each snippet"));
        return nullptr;
    }
    if (QDir(m_run->config().datasetRoot).absolutePath() != QDir(m_dataset.rootPath()).absolutePath()) {
        Q_EMIT status(tr("The map needs the run's own dataset open (%1)").arg(QDir::toNativeSeparators(m_run->config().datasetRoot)));
        return nullptr;
    }
    if (!m_map) {
        m_map = new EmbeddingMapDialog(this);
        connect(m_map, &EmbeddingMapDialog::snippetChosen, this, &EvaluateWorkspace::inspectSnippet);
    }
    m_map->showRun(m_run->path(), m_run->config(), m_dataset, m_cache);
    m_map->show();
    m_map->raise();
    return m_map;
}

bool EvaluateWorkspace::inspectSnippet(const QString &path, int snippet)
{
    if (!m_run)
        return false;
    for (SplitPart part : {SplitPart::Valid, SplitPart::Test})
        for (const SnippetPrediction &p : m_run->predictions(part))
            if (p.snippet == snippet && m_run->trackPath(p.track) == path) {
                m_inspector->showPrediction(*m_run, part, PredictionRow::ofSnippet(p), m_cache);
                return true;
            }
    Q_EMIT status(tr("%1, snippet %2: the run holds no prediction for it").arg(QDir::toNativeSeparators(path)).arg(snippet + 1));
    return false;
}

void EvaluateWorkspace::closeRun()
{
    if (m_map)
        m_map->clear();
    m_run.reset();
    m_runTitle->setText(tr("No run open: train one, or pick one from the list"));
    m_confusion->clear();
    m_classMetrics->clear();
    m_matrixPanel->setSummary({});
    m_lists->clear();
    m_inspector->clear();
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

QString EvaluateWorkspace::trackName(int track) const
{
    return m_run ? m_run->trackName(track) : QString();
}

void EvaluateWorkspace::showEvaluation()
{
    if (!m_run)
        return;
    if (m_replaying) {
        m_replaying = false;
        m_matrixPanel->setEpochReplay(int(m_run->epochConfusions().size()));
    }
    const Evaluation evaluation = m_run->evaluation(m_part);
    const QStringList &labels = m_run->labels();
    const bool tracks = m_level == Evaluation::Level::Tracks;
    m_confusion->setMatrix(evaluation.confusion(m_level), labels, tracks ? tr("tracks") : tr("snippets"));
    m_classMetrics->setEvaluation(evaluation, m_level, labels);
    m_matrixPanel->setSummary(tr("%1: snippet accuracy %2 % (%3 snippets); track accuracy %4 % by vote, %5 % by mean "
                                 "probability (%6 tracks)")
                                  .arg(m_part == SplitPart::Test ? tr("Test") : tr("Validation"))
                                  .arg(100 * evaluation.snippetAccuracy(), 0, 'f', 1).arg(evaluation.snippetCount())
                                  .arg(100 * evaluation.trackAccuracyVote(), 0, 'f', 1)
                                  .arg(100 * evaluation.trackAccuracyMean(), 0, 'f', 1).arg(evaluation.trackCount()));
    m_lists->showPredictions(currentRows(), labels, [this](int track) { return trackName(track); }, tracks);
    m_inspector->clear(); // the shown prediction may not be in this part or level
    m_matrixPanel->selectMostConfusedCell();
}

QString EvaluateWorkspace::runTitle() const
{
    return m_runTitle->text();
}

void EvaluateWorkspace::replayEpoch(int epoch)
{
    if (!m_run)
        return;
    const auto &confusions = m_run->epochConfusions();
    if (epoch <= 0 || epoch > int(confusions.size())) {
        m_replaying = false;
        showEvaluation();
        return;
    }
    m_replaying = true;
    const EpochConfusion &shown = confusions[std::size_t(epoch - 1)];
    int total = 0, right = 0;
    for (std::size_t t = 0; t < shown.counts.size(); ++t)
        for (std::size_t p = 0; p < shown.counts[t].size(); ++p) {
            total += shown.counts[t][p];
            right += t == p ? shown.counts[t][p] : 0;
        }
    m_confusion->setMatrix(shown.counts, m_run->labels(), tr("snippets"));
    m_matrixPanel->setSummary(tr("Validation after epoch %1 of %2: snippet accuracy %3 % (%4 snippets). A replay: move "
                                 "the slider to its right end to inspect the run's model and its snippets.")
                                  .arg(shown.epoch).arg(confusions.size())
                                  .arg(total > 0 ? 100.0 * right / total : 0.0, 0, 'f', 1).arg(total));
    m_lists->clear();
    m_inspector->clear();
}

void EvaluateWorkspace::showCell(int trueLabel, int predicted)
{
    if (!m_run || m_replaying) // a replayed epoch's snippets were not kept, only its counts
        return;
    const QStringList &labels = m_run->labels();
    m_lists->showCell(PredictionRow::inCell(currentRows(), trueLabel, predicted), labels,
                      [this](int track) { return trackName(track); }, labels.value(trueLabel), labels.value(predicted));
}

void EvaluateWorkspace::playSelectedSnippet()
{
    m_inspector->playSelectedSnippet();
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
                                     tr("GenreLab model bundle (*.genrelab);;PyTorch state_dict (*.pt);;safetensors (*.safetensors)"));
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
        if (path.endsWith(QLatin1String(".pt"), Qt::CaseInsensitive)
            || path.endsWith(QLatin1String(".safetensors"), Qt::CaseInsensitive))
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
    const QImage image = matrixView()->renderImage();
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
