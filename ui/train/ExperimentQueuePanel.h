#pragma once

#include <QWidget>

class QListView;
class QPushButton;

namespace genrelab {

class ExperimentQueueModel;

// The Train workspace's experiment queue: the queued configurations, one line each, and
// Add to queue / Remove / Run queue / Stop queue. It asks; the workspace trains.
// Thread contract: GUI thread.
class ExperimentQueuePanel : public QWidget
{
    Q_OBJECT
public:
    explicit ExperimentQueuePanel(ExperimentQueueModel *queue, QWidget *parent = nullptr);

    QListView *view() const { return m_view; }
    // Running: Run queue is off and Stop queue on.
    void setRunning(bool running);
    void removeSelected();

Q_SIGNALS:
    void addRequested();
    void runRequested();
    void stopRequested();

private:
    void updateButtons();

    ExperimentQueueModel *m_queue;
    QListView *m_view;
    QPushButton *m_add, *m_remove, *m_run, *m_stop;
    bool m_running = false;
};

} // namespace genrelab
