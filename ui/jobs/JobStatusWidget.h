#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace genrelab {

class JobProgress;

// The status bar's view of the running background job: what it is doing, a progress
// bar, and a Cancel button (Esc). Hidden when nothing runs.
// Thread contract: GUI thread.
class JobStatusWidget : public QWidget
{
    Q_OBJECT
public:
    explicit JobStatusWidget(QWidget *parent = nullptr);
    // Shows `job` until it finishes; the widget does not own it.
    void track(JobProgress *job, const QString &title);
    void done();

private:
    void showProgress(const QString &message, double fraction);

    QLabel *m_message;
    QProgressBar *m_bar;
    QToolButton *m_cancel;
    JobProgress *m_job = nullptr;
};

} // namespace genrelab
