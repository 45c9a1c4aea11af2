#pragma once

#include "data/DatasetOpener.h"
#include "util/Error.h"

#include <QMainWindow>

#include <functional>

class QAction;
class QMenu;
class QTabWidget;

namespace genrelab {

class EvaluateWorkspace;
class ExploreWorkspace;
class TagWorkspace;
class TrainWorkspace;
class JobRunner;
class JobStatusWidget;
class PlaybackController;
class HelpDialog;
class StepGuide;

// The one main window: toolbar (open GTZAN, open a folder, the demo), four workspaces
// (Explore, Train, Evaluate, Tag library) as tabs, and a status bar showing the
// background job with its progress and Cancel. Opening a dataset (listing, decoding,
// features) runs on a worker thread; the window never waits on it. Geometry, the
// current workspace and recent datasets are remembered (QSettings).
// Thread contract: GUI thread only.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    QTabWidget *workspaces() const { return m_workspaces; }
    ExploreWorkspace *explore() const { return m_explore; }
    TrainWorkspace *train() const { return m_train; }
    EvaluateWorkspace *evaluate() const { return m_evaluate; }
    TagWorkspace *tag() const { return m_tag; }
    PlaybackController *player() const { return m_player; }
    bool isBusy() const;
    StepGuide *guide() const { return m_guide; }
    HelpDialog *help() const { return m_help; }

public Q_SLOTS:
    void openDataset(const QString &folder, const genrelab::DatasetOptions &options = {});
    void openDemo();
    // Tag → "Train on its tags…": the library opens as a dataset labelled by its genre
    // tags, Train comes forward, and the run it trains becomes Tag's model.
    void trainFromLibraryTags(const QString &folder);
    // What a fresh start shows: the last dataset, else the demo.
    void openStartupDataset();
    // What `genrelab PATH...` asks for (LaunchRequest): a dataset or run folder, a
    // .genrelab model (Tag library), or audio files (their folder, them selected).
    // False, with a message box, for anything else.
    bool openPaths(const QStringList &paths);
    // F1: Help → Getting started, at the page of the current workspace.
    void showHelp();
    // Ctrl+F: focuses the current workspace's filter (a QLineEdit named "workspaceFilter").
    bool focusFilter();

Q_SIGNALS:
    void datasetOpened(const QString &summary);
    void datasetFailed(const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    using Job = std::function<DatasetOpener::Opened(ProgressReporter &)>;
    void runJob(const QString &title, Job job);
    void datasetReady(const DatasetOpener::Opened &opened);
    void jobFailed(const Error &error);
    void createActions();
    void createWorkspaces();
    void updateRecentMenu();
    void rememberRecent(const QString &folder);
    void chooseFolder(bool gtzan);
    void restoreSettings();
    void saveSettings() const;
    void showAbout();

    QTabWidget *m_workspaces = nullptr;
    ExploreWorkspace *m_explore = nullptr;
    TrainWorkspace *m_train = nullptr;
    EvaluateWorkspace *m_evaluate = nullptr;
    TagWorkspace *m_tag = nullptr;
    PlaybackController *m_player = nullptr;
    JobStatusWidget *m_jobStatus = nullptr;
    JobRunner *m_jobs = nullptr; // opening datasets: one at a time
    QMenu *m_recentMenu = nullptr;
    StepGuide *m_guide = nullptr;
    HelpDialog *m_help = nullptr;
    QStringList m_selectWhenOpen; // audio files given on the command line
    QString m_openingForTags;     // a library being opened to train on its tags
    QString m_trainingOnTags;     // the open library whose next run becomes Tag's model
    QList<QAction *> m_openActions;
};

} // namespace genrelab
