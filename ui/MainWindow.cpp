#include "MainWindow.h"

#include "demo/DemoDataset.h"
#include "evaluate/EvaluateWorkspace.h"
#include "explore/ExploreWorkspace.h"
#include "LaunchRequest.h"
#include "help/HelpDialog.h"
#include "help/StepGuide.h"
#include "jobs/JobRunner.h"
#include "jobs/JobStatusWidget.h"
#include "playback/PlaybackController.h"
#include "tag/TagWorkspace.h"
#include "train/TrainWorkspace.h"
#include "util/Error.h"

#include <QAction>
#include <QIcon>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QThread>
#include <QToolBar>
#include <QVBoxLayout>

// Resources of the static genrelab_ui library are registered by hand (outside any namespace).
static void initUiResources()
{
    Q_INIT_RESOURCE(ui);
}

namespace genrelab {

namespace {
constexpr int kMaxRecent = 8;

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("GenreLab"));
    setObjectName(QStringLiteral("MainWindow"));
    initUiResources();
    setWindowIcon(QIcon(QStringLiteral(":/icons/genrelab-256.png"))); // docks and task bars
    createWorkspaces();
    createActions();
    m_jobStatus = new JobStatusWidget(this);
    statusBar()->addPermanentWidget(m_jobStatus);
    statusBar()->showMessage(tr("Ready"));
    m_jobs = new JobRunner(JobRunner::Policy::Exclusive, this);
    m_jobs->setStatusWidget(m_jobStatus);
    connect(m_jobs, &JobRunner::busyRefused, this, [this](const QString &text) { statusBar()->showMessage(text, 5000); });
    connect(m_explore, &ExploreWorkspace::status, this, [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    restoreSettings();
}

// The job runner, a child, cancels and waits for a job still running.
MainWindow::~MainWindow() = default;

bool MainWindow::isBusy() const
{
    return m_jobs->isBusy();
}

void MainWindow::createWorkspaces()
{
    m_workspaces = new QTabWidget(this);
    m_workspaces->setObjectName(QStringLiteral("workspaces"));
    m_workspaces->setDocumentMode(true);
    // One player for every workspace; leaving a workspace stops what it was playing.
    m_player = new PlaybackController(this);
    connect(m_workspaces, &QTabWidget::currentChanged, m_player, &PlaybackController::stop);
    m_explore = new ExploreWorkspace(m_player, this);
    m_workspaces->addTab(m_explore, tr("&Explore"));
    m_train = new TrainWorkspace(this);
    m_workspaces->addTab(m_train, tr("&Train"));
    connect(m_train, &TrainWorkspace::status, this, [this](const QString &text) { statusBar()->showMessage(text, 10000); });
    connect(m_train, &TrainWorkspace::closeWhenEnded, this, &QWidget::close, Qt::QueuedConnection);
    m_evaluate = new EvaluateWorkspace(m_player, this);
    m_evaluate->setRunsFolder(TrainWorkspace::runsFolder());
    m_workspaces->addTab(m_evaluate, tr("E&valuate"));
    connect(m_evaluate, &EvaluateWorkspace::status, this, [this](const QString &text) { statusBar()->showMessage(text, 10000); });
    connect(m_train, &TrainWorkspace::runFinished, this, [this](const QString &runDir) {
        m_evaluate->refreshRuns();
        m_evaluate->openRun(runDir);
        if (!m_trainingOnTags.isEmpty()) { // trained on the library's own tags: Tag suggests with it
            m_tag->setLibraryFolder(m_trainingOnTags);
            m_tag->setModel(runDir);
            statusBar()->showMessage(tr("Tag library now suggests with the model trained on your tags; Analyse to see them"), 15000);
        }
    });
    connect(m_evaluate, &EvaluateWorkspace::showTrackRequested, this, [this](const QString &path) {
        if (m_explore->selectTrack(path))
            m_workspaces->setCurrentWidget(m_explore);
        else
            statusBar()->showMessage(tr("%1 is not in the open dataset").arg(QDir::toNativeSeparators(path)), 8000);
    });
    m_tag = new TagWorkspace(m_player, this);
    m_workspaces->addTab(m_tag, tr("Ta&g library"));
    connect(m_tag, &TagWorkspace::status, this, [this](const QString &text) { statusBar()->showMessage(text, 10000); });
    connect(m_tag, &TagWorkspace::trainFromTagsRequested, this, &MainWindow::trainFromLibraryTags);
    // The step guide above the workspaces follows the one shown.
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_guide = new StepGuide(central);
    connect(m_guide, &StepGuide::helpRequested, this, &MainWindow::showHelp);
    connect(m_workspaces, &QTabWidget::currentChanged, m_guide, &StepGuide::setWorkspace);
    layout->addWidget(m_guide);
    layout->addWidget(m_workspaces, 1);
    setCentralWidget(central);
}

void MainWindow::createActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);

    QAction *openGtzan = fileMenu->addAction(tr("Open &GTZAN…"), this, [this] { chooseFolder(true); });
    openGtzan->setShortcut(QKeySequence::Open);
    openGtzan->setToolTip(tr("Open your copy of GTZAN (the genres/ or genres_original/ folder, or its parent)"));
    QAction *openFolder = fileMenu->addAction(tr("Open &folder…"), this, [this] { chooseFolder(false); });
    openFolder->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    openFolder->setToolTip(tr("Open a folder of your own tracks: one sub-folder per label, or no labels at all"));
    QAction *demo = fileMenu->addAction(tr("&Demo dataset"), this, &MainWindow::openDemo);
    demo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    demo->setToolTip(tr("Ten synthesised genre caricatures: works with no GTZAN on the machine"));
    QAction *openRun = fileMenu->addAction(tr("Open &run…"), this, [this] {
        m_workspaces->setCurrentWidget(m_evaluate);
        m_evaluate->chooseRunToOpen();
    });
    openRun->setObjectName(QStringLiteral("openRun"));
    openRun->setToolTip(tr("Open a training run folder written anywhere (for example by genrelab-cli train) in Evaluate"));
    m_recentMenu = fileMenu->addMenu(tr("&Recent datasets"));
    fileMenu->addSeparator();
    QAction *quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    m_openActions = {openGtzan, openFolder, demo};
    toolbar->addActions(m_openActions);

    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    QAction *find = editMenu->addAction(tr("&Find…"), this, &MainWindow::focusFilter);
    find->setShortcut(QKeySequence::Find);
    find->setToolTip(tr("Go to the filter of the workspace (Ctrl+F)"));

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction *gettingStarted = helpMenu->addAction(tr("&Getting started"), this, &MainWindow::showHelp);
    gettingStarted->setShortcut(QKeySequence::HelpContents);
    helpMenu->addAction(tr("Show the &step guide"), this, [this] { m_guide->reopen(); });
    helpMenu->addSeparator();
    helpMenu->addAction(tr("&About GenreLab"), this, &MainWindow::showAbout);
    updateRecentMenu();
}

void MainWindow::chooseFolder(bool gtzan)
{
    const QString start = QSettings().value(QStringLiteral("dialogs/lastFolder"), QDir::homePath()).toString();
    const QString folder = QFileDialog::getExistingDirectory(
        this, gtzan ? tr("Open GTZAN (genres/ or its parent)") : tr("Open a folder of tracks"), start);
    if (folder.isEmpty())
        return;
    QSettings().setValue(QStringLiteral("dialogs/lastFolder"), folder);
    openDataset(folder);
}

void MainWindow::openDataset(const QString &folder, const DatasetOptions &options)
{
    const int threads = QThread::idealThreadCount();
    runJob(tr("Opening %1…").arg(QFileInfo(folder).fileName()), [folder, threads, options](ProgressReporter &progress) {
        return DatasetOpener::open(folder, threads, &progress, {}, options);
    });
}

void MainWindow::trainFromLibraryTags(const QString &folder)
{
    DatasetOptions options;
    options.labels = DatasetOptions::Labels::Tags;
    m_openingForTags = QDir(folder).absolutePath();
    openDataset(folder, options);
}

void MainWindow::openDemo()
{
    const int threads = QThread::idealThreadCount();
    runJob(tr("Preparing the demo dataset…"), [threads](ProgressReporter &progress) {
        const QString folder = DemoDataset::defaultLocation();
        DemoDataset::Options options;
        options.threads = threads;
        if (!DemoDataset::isComplete(folder, options)) {
            const auto made = DemoDataset::generate(folder, options, &progress);
            if (made.cancelled)
                throw Error(Error::Kind::Cancelled, folder, QStringLiteral("demo generation cancelled"));
        }
        return DatasetOpener::open(folder, threads, &progress);
    });
}

void MainWindow::openStartupDataset()
{
    const QStringList recent = QSettings().value(QStringLiteral("datasets/recent")).toStringList();
    if (!recent.isEmpty() && QFileInfo(recent.first()).isDir())
        openDataset(recent.first());
    else
        openDemo();
}

bool MainWindow::openPaths(const QStringList &paths)
{
    const LaunchRequest request = LaunchRequest::classify(paths);
    switch (request.kind) {
    case LaunchRequest::Kind::Nothing:
        openStartupDataset();
        return true;
    case LaunchRequest::Kind::Dataset:
        openDataset(request.path);
        return true;
    case LaunchRequest::Kind::Run:
        openStartupDataset();
        m_workspaces->setCurrentWidget(m_evaluate);
        if (!m_evaluate->openRun(request.path))
            statusBar()->showMessage(tr("%1 is not a run that can be opened").arg(QDir::toNativeSeparators(request.path)), 10000);
        return true;
    case LaunchRequest::Kind::Model:
        openStartupDataset();
        m_tag->setModel(request.path);
        m_workspaces->setCurrentWidget(m_tag);
        return true;
    case LaunchRequest::Kind::AudioFiles:
        m_selectWhenOpen = request.files;
        openDataset(request.path);
        return true;
    case LaunchRequest::Kind::Invalid:
        break;
    }
    statusBar()->showMessage(request.problem, 10000);
    QMessageBox::warning(this, tr("Cannot open"), request.problem);
    return false;
}

void MainWindow::showHelp()
{
    if (!m_help)
        m_help = new HelpDialog(this);
    m_help->showPage(m_workspaces->currentIndex());
    m_help->show();
    m_help->raise();
}

bool MainWindow::focusFilter()
{
    auto *filter = m_workspaces->currentWidget()->findChild<QLineEdit *>(QStringLiteral("workspaceFilter"));
    if (!filter || !filter->isVisible())
        return false;
    filter->setFocus(Qt::ShortcutFocusReason);
    filter->selectAll();
    return true;
}

void MainWindow::runJob(const QString &title, Job job)
{
    if (!m_jobs->run(title, std::move(job), [this](DatasetOpener::Opened opened) { datasetReady(opened); },
                     [this](const Error &error) { jobFailed(error); }))
        return;
    for (QAction *action : m_openActions)
        action->setEnabled(false);
}

void MainWindow::jobFailed(const Error &error)
{
    for (QAction *action : m_openActions)
        action->setEnabled(true);
    statusBar()->showMessage(error.message(), 10000);
    m_openingForTags.clear();
    Q_EMIT datasetFailed(error.message());
    if (error.kind() != Error::Kind::Cancelled)
        QMessageBox::warning(this, tr("Cannot open dataset"), error.message());
}

void MainWindow::datasetReady(const DatasetOpener::Opened &opened)
{
    for (QAction *action : m_openActions)
        action->setEnabled(true);
    m_explore->setDataset(opened.dataset, opened.cache);
    m_train->setDataset(opened.dataset, opened.cache);
    m_evaluate->setDataset(opened.dataset, opened.cache);
    rememberRecent(opened.dataset.rootPath());
    // Audio files given on the command line: the first of them is selected in Explore.
    if (!m_selectWhenOpen.isEmpty() && m_explore->selectTrack(m_selectWhenOpen.first()))
        m_workspaces->setCurrentWidget(m_explore);
    m_selectWhenOpen.clear();
    setWindowTitle(QStringLiteral("%1 — GenreLab").arg(opened.dataset.name()));
    statusBar()->showMessage(opened.summary);
    m_trainingOnTags.clear();
    if (!m_openingForTags.isEmpty() && QDir(opened.dataset.rootPath()).absolutePath() == m_openingForTags) {
        m_trainingOnTags = m_openingForTags;
        m_workspaces->setCurrentWidget(m_train);
        statusBar()->showMessage(opened.dataset.isLabelled()
                                     ? tr("Labelled by its genre tags: %1. Start trains a model on them; Tag then suggests with it.")
                                           .arg(opened.summary)
                                     : tr("Too few tracks share a genre tag to train on: %1").arg(opened.summary));
    }
    m_openingForTags.clear();
    Q_EMIT datasetOpened(opened.summary);
}

void MainWindow::rememberRecent(const QString &folder)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("datasets/recent")).toStringList();
    recent.removeAll(folder);
    recent.prepend(folder);
    settings.setValue(QStringLiteral("datasets/recent"), recent.mid(0, kMaxRecent));
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("datasets/recent")).toStringList();
    for (const QString &folder : recent)
        m_recentMenu->addAction(folder, this, [this, folder] { openDataset(folder); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About GenreLab"),
                       tr("<b>GenreLab %1</b><p>Explore music-genre classification end to end: mel-spectrograms, "
                          "CRNN training, confusion matrices and tagging your own library.</p>")
                           .arg(QApplication::applicationVersion()));
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_workspaces->setCurrentIndex(settings.value(QStringLiteral("window/workspace"), 0).toInt());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/workspace"), m_workspaces->currentIndex());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // A run in training asks first: stop and keep (the window closes when it is saved),
    // discard, or go on.
    if (!m_train->confirmClose()) {
        event->ignore();
        return;
    }
    saveSettings();
    event->accept();
}

} // namespace genrelab
