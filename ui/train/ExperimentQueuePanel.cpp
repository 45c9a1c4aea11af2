#include "ExperimentQueuePanel.h"

#include "models/ExperimentQueueModel.h"

#include <QHBoxLayout>
#include <QListView>
#include <QPushButton>
#include <QVBoxLayout>

namespace genrelab {

ExperimentQueuePanel::ExperimentQueuePanel(ExperimentQueueModel *queue, QWidget *parent)
    : QWidget(parent)
    , m_queue(queue)
    , m_view(new QListView(this))
    , m_add(new QPushButton(tr("Add to queue"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
    , m_run(new QPushButton(tr("Run queue"), this))
    , m_stop(new QPushButton(tr("Stop queue"), this))
{
    m_view->setObjectName(QStringLiteral("queueView"));
    m_view->setModel(queue);
    m_view->setToolTip(tr("Configurations waiting to train, one after another, each into its own run folder"));
    m_add->setObjectName(QStringLiteral("addToQueue"));
    m_add->setToolTip(tr("Queue a run with the settings above"));
    m_remove->setToolTip(tr("Take the selected configuration out of the queue"));
    m_run->setObjectName(QStringLiteral("runQueue"));
    m_run->setToolTip(tr("Train the queued configurations one after another on the open dataset; a run that fails "
                         "is reported and the next one starts"));
    m_stop->setObjectName(QStringLiteral("stopQueue"));
    m_stop->setToolTip(tr("Stop the current run (its model is kept) and start no further ones"));
    connect(m_add, &QPushButton::clicked, this, &ExperimentQueuePanel::addRequested);
    connect(m_remove, &QPushButton::clicked, this, &ExperimentQueuePanel::removeSelected);
    connect(m_run, &QPushButton::clicked, this, &ExperimentQueuePanel::runRequested);
    connect(m_stop, &QPushButton::clicked, this, &ExperimentQueuePanel::stopRequested);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(queue, signal, this, &ExperimentQueuePanel::updateButtons);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ExperimentQueuePanel::updateButtons);

    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {m_add, m_remove, m_run, m_stop})
        buttons->addWidget(b);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_view);
    updateButtons();
}

void ExperimentQueuePanel::setRunning(bool running)
{
    m_running = running;
    updateButtons();
}

void ExperimentQueuePanel::removeSelected()
{
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid())
        m_queue->remove(current.row());
}

void ExperimentQueuePanel::updateButtons()
{
    m_remove->setEnabled(m_view->currentIndex().isValid());
    m_run->setEnabled(!m_running && !m_queue->isEmpty());
    m_stop->setEnabled(m_running);
}

} // namespace genrelab
