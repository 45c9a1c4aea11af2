#include "JobStatusWidget.h"

#include "JobProgress.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace genrelab {

JobStatusWidget::JobStatusWidget(QWidget *parent)
    : QWidget(parent)
    , m_message(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_message);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    m_bar->setMaximumWidth(220);
    m_bar->setRange(0, 1000);
    m_bar->setTextVisible(false);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop this job; what is finished is kept (Esc)"));
    m_cancel->setShortcut(Qt::Key_Escape);
    setVisible(false);
}

void JobStatusWidget::track(JobProgress *job, const QString &title)
{
    m_job = job;
    m_message->setText(title);
    m_bar->setRange(0, 0); // busy until the first fraction arrives
    m_cancel->setEnabled(true);
    connect(job, &JobProgress::progressed, this, &JobStatusWidget::showProgress);
    connect(m_cancel, &QToolButton::clicked, job, &JobProgress::cancel);
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_message->setText(tr("Cancelling…"));
    });
    setVisible(true);
}

void JobStatusWidget::showProgress(const QString &message, double fraction)
{
    if (m_cancel->isEnabled())
        m_message->setText(message);
    if (fraction < 0) {
        m_bar->setRange(0, 0);
    } else {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(fraction * 1000));
    }
}

void JobStatusWidget::done()
{
    if (m_job) {
        disconnect(m_job, nullptr, this, nullptr);
        disconnect(m_cancel, nullptr, nullptr, nullptr);
    }
    m_job = nullptr;
    setVisible(false);
}

} // namespace genrelab
