#pragma once

#include "library/LibraryAnalyzer.h"
#include "library/LibraryCatalog.h"
#include "library/TagWriter.h"
#include "util/Error.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTableView;

namespace genrelab {

class JobRunner;
class JobStatusWidget;
class PlaybackController;
class ProbabilityTimeline;
class ReviewFilterModel;
class ReviewTableModel;

// The Tag library workspace, for people with their own music: pick a folder and a
// model, Analyse (on a worker, with progress and Cancel; only what changed since the
// last time), review every suggestion (filter by confidence or "differs from the
// current tag", play the windows, see their probabilities), accept or pick another
// genre per track or in bulk, and Write tags — after a dry-run summary and a
// confirmation, journaled so that Undo restores the old values exactly. Files that
// could not be analysed are listed with the reason.
// Thread contract: GUI thread; analysis and writing run on workers through a JobRunner.
class TagWorkspace : public QWidget
{
    Q_OBJECT
public:
    QLabel *hiddenNote() const { return m_hiddenNote; }
    QPushButton *showAllButton() const { return m_showAll; }
    QPushButton *trainOnTagsButton() const { return m_trainOnTags; }
    explicit TagWorkspace(PlaybackController *player, QWidget *parent = nullptr);
    ~TagWorkspace() override;

    void setLibraryFolder(const QString &folder);
    void setModel(const QString &model);
    QString model() const;
    QString libraryFolder() const;
    ReviewTableModel *review() const { return m_review; }
    ReviewFilterModel *filter() const { return m_filter; }
    QTableView *view() const { return m_view; }
    QListWidget *failures() const { return m_failures; }
    PlaybackController *player() const { return m_player; }
    bool isBusy() const;
    QString lastJournal() const;

public Q_SLOTS:
    void analyse();
    // Writes the accepted rows without asking (the Write button asks first).
    void writeAccepted();
    void undoLastWrite();
    // What the buttons and Ctrl+Z do: list each file's change (old → new) first, ask;
    // an undo then reports what it restored.
    void confirmAndWrite();
    void confirmAndUndo();
    // Clears every filter: all rows shown.
    void showAll();
    void acceptSelected();
    void rejectSelected();
    void acceptAboveThreshold();

Q_SIGNALS:
    void analysed(const genrelab::LibraryAnalyzer::Result &result);
    void written(const genrelab::TagWriter::Report &report);
    void status(const QString &message);
    // "Train on its tags…": the library as training data, labelled by its genre tags.
    void trainFromTagsRequested(const QString &folder);

private:
    // What a worker hands back: a result of either kind (errors go through the JobRunner).
    struct Outcome
    {
        LibraryAnalyzer::Result analysis;
        TagWriter::Report tagging;
        // After a write or undo, the touched files as they are on disk now (read and
        // recorded in the catalog on the worker, not on the GUI thread).
        std::vector<LibraryCatalog::FileTag> refreshed;
        bool wasAnalysis = false;
    };

    QWidget *createSourceBar();
    QWidget *createFilterBar();
    QWidget *createDetails();
    QWidget *createActionBar();
    void startJob(const QString &title, std::function<Outcome(ProgressReporter &)> work);
    void jobFinished(const Outcome &outcome);
    void jobFailed(const Error &error);
    void enableActions();
    void loadCatalog();
    void saveDecisions();
    void showTrack(int sourceRow);
    void chooseGenreWords();
    void exportPlaylists();
    void exportCsv();
    void updateCounts();
    QString catalogPath() const;
    QList<int> selectedSourceRows() const;

    ReviewTableModel *m_review;
    ReviewFilterModel *m_filter;
    QTableView *m_view = nullptr;
    QLineEdit *m_folder = nullptr;
    QPushButton *m_trainOnTags = nullptr;
    QLineEdit *m_model = nullptr;
    QSpinBox *m_windows = nullptr;
    QSpinBox *m_minConfidence = nullptr;
    QCheckBox *m_onlyDiffering = nullptr;
    QLineEdit *m_text = nullptr;
    QLabel *m_counts = nullptr;
    QLabel *m_hiddenNote = nullptr;
    QPushButton *m_showAll = nullptr;
    bool m_reportUndo = false; // the next undo's outcome is shown in a box
    bool m_decisionsPending = false;
    QLabel *m_trackTitle = nullptr;
    ProbabilityTimeline *m_timeline = nullptr;
    QListWidget *m_failures = nullptr;
    QPushButton *m_analyseButton = nullptr;
    QPushButton *m_writeButton = nullptr;
    QPushButton *m_undoButton = nullptr;
    JobStatusWidget *m_jobStatus = nullptr;
    JobRunner *m_jobs; // analysis, writing, undo: one at a time
    PlaybackController *m_player;
    int m_shownRow = -1;
};

} // namespace genrelab
