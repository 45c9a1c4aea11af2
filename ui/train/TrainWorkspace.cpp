#include "TrainWorkspace.h"

#include "charts/CurveChart.h"
#include "charts/EmaSmoother.h"
#include "data/DataSplit.h"
#include "util/ChartPalette.h"
#include "ml/RunDirectory.h"
#include "ml/Trainer.h"
#include "ml/TrainingSession.h"
#include "models/EpochTableModel.h"
#include "models/ExperimentQueueModel.h"
#include "train/ExperimentQueuePanel.h"
#include "train/TrainSettingsForm.h"
#include "util/DataHome.h"
#include "util/Error.h"

#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <utility>

namespace genrelab {

namespace {
constexpr int kDefaultSmoothing = 60; // TensorBoard's default weight, 0.6

QString minutes(double seconds)
{
    return QStringLiteral("%1:%2").arg(int(seconds) / 60).arg(int(seconds) % 60, 2, 10, QLatin1Char('0'));
}
} // namespace

TrainWorkspace::TrainWorkspace(QWidget *parent)
    : QWidget(parent)
    , m_progress(new QLabel(tr("Open a labelled dataset, then Start."), this))
    , m_lossChart(new CurveChart(tr("Loss"), tr("epoch"), tr("cross-entropy"), this))
    , m_accuracyChart(new CurveChart(tr("Accuracy"), tr("epoch"), tr("accuracy"), this))
    , m_epochs(new EpochTableModel(this))
{
    m_queue = new ExperimentQueueModel(this);
    m_rawLoss = m_lossChart->addSeries(tr("batch loss"), ChartPalette::batch(), CurveChart::Style::Faint);
    m_smoothLoss = m_lossChart->addSeries(tr("batch loss (smoothed)"), ChartPalette::batch(), CurveChart::Style::Line);
    m_trainLoss = m_lossChart->addSeries(tr("train (epoch)"), ChartPalette::training(), CurveChart::Style::LineWithPoints);
    m_validLoss = m_lossChart->addSeries(tr("validation (epoch)"), ChartPalette::validation(), CurveChart::Style::LineWithPoints);
    m_trainAcc = m_accuracyChart->addSeries(tr("train"), ChartPalette::training(), CurveChart::Style::LineWithPoints);
    m_validAcc = m_accuracyChart->addSeries(tr("validation"), ChartPalette::validation(), CurveChart::Style::LineWithPoints);
    m_accuracyChart->setYRange(0.0, 1.0);

    auto *table = new QTableView(this);
    table->setModel(m_epochs);
    table->verticalHeader()->hide();
    table->setWordWrap(false);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto *charts = new QVBoxLayout;
    charts->addWidget(m_lossChart, 1);
    charts->addWidget(createSmoothing());
    charts->addWidget(m_accuracyChart, 1);
    auto *right = new QWidget(this);
    right->setLayout(charts);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(createSettings());
    leftLayout->addWidget(createTabs(table), 1);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({470, 810});
    // A long run folder in the progress line wraps instead of widening the window.
    m_progress->setWordWrap(true);
    m_progress->setMinimumWidth(200);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_progress);
    updateButtons();
}

TrainWorkspace::~TrainWorkspace()
{
    if (m_trainer) { // never leave a training thread behind a closed window
        m_trainer->requestCancel();
        m_thread->quit();
        m_thread->wait();
        if (m_session->isRefitting())
            m_session->abandonRefit();
        if (m_discardOnEnd)
            m_session->discard();
        else
            m_session->discardIfUnstarted();
        m_session.reset(); // the trainer's thread has ended: nothing else can touch it
    }
}

QWidget *TrainWorkspace::createSmoothing()
{
    auto *row = new QWidget(this);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    m_smoothing = new QSlider(Qt::Horizontal, row);
    m_smoothing->setObjectName(QStringLiteral("smoothing"));
    m_smoothing->setRange(0, 99);
    m_smoothing->setValue(QSettings().value(QStringLiteral("train/smoothing"), kDefaultSmoothing).toInt());
    m_smoothing->setToolTip(tr("Weight of the moving average of the batch loss, as in TensorBoard: 0 shows the raw "
                               "loss, 0.99 a very smooth line. Debiased, so it starts at the data and does not lag "
                               "above a falling loss."));
    auto *value = new QLabel(row);
    const auto show = [value](int v) { value->setText(QString::number(v / 100.0, 'f', 2)); };
    show(m_smoothing->value());
    m_smoother = EmaSmoother(m_smoothing->value() / 100.0);
    connect(m_smoothing, &QSlider::valueChanged, this, [this, show](int v) {
        show(v);
        QSettings().setValue(QStringLiteral("train/smoothing"), v);
        resmooth();
    });
    layout->addWidget(new QLabel(tr("Smoothing"), row));
    layout->addWidget(m_smoothing, 1);
    layout->addWidget(value);
    return row;
}

// The smoothed batch loss again from its first batch, with the slider's weight.
void TrainWorkspace::resmooth()
{
    m_smoother = EmaSmoother(m_smoothing->value() / 100.0);
    std::vector<QPointF> smoothed;
    smoothed.reserve(m_rawBatches.size());
    for (const QPointF &p : m_rawBatches)
        smoothed.emplace_back(p.x(), m_smoother.add(p.y()));
    m_lossChart->replace(m_smoothLoss, smoothed);
}

QWidget *TrainWorkspace::createSettings()
{
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    m_form = new TrainSettingsForm(box);
    layout->addWidget(m_form);

    auto *buttons = new QHBoxLayout;
    m_startButton = new QPushButton(tr("Start"), box);
    m_startButton->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_startButton->setToolTip(tr("Train a new network with these settings (Ctrl+R)"));
    m_pauseButton = new QPushButton(tr("Pause"), box);
    m_stopButton = new QPushButton(tr("Stop"), box);
    m_stopButton->setToolTip(tr("Stop after the current batch; keep and evaluate the model"));
    m_cancelButton = new QPushButton(tr("Cancel"), box);
    m_cancelButton->setToolTip(tr("End the run: asks whether to keep the model so far or discard the run"));
    for (QPushButton *b : {m_startButton, m_pauseButton, m_stopButton, m_cancelButton})
        buttons->addWidget(b);
    layout->addLayout(buttons);
    connect(m_startButton, &QPushButton::clicked, this, &TrainWorkspace::start);
    connect(m_pauseButton, &QPushButton::clicked, this, &TrainWorkspace::togglePause);
    connect(m_stopButton, &QPushButton::clicked, this, &TrainWorkspace::stop);
    connect(m_cancelButton, &QPushButton::clicked, this, &TrainWorkspace::cancel);

    return box;
}

// The epoch table and the experiment queue share the space under the form: on a
// 1024×700 screen both below it would leave the table two rows.
QWidget *TrainWorkspace::createTabs(QWidget *epochTable)
{
    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("trainTabs"));
    tabs->setDocumentMode(true);
    m_queuePanel = new ExperimentQueuePanel(m_queue, tabs);
    connect(m_queuePanel, &ExperimentQueuePanel::addRequested, this, &TrainWorkspace::addToQueue);
    connect(m_queuePanel, &ExperimentQueuePanel::runRequested, this, &TrainWorkspace::runQueue);
    connect(m_queuePanel, &ExperimentQueuePanel::stopRequested, this, &TrainWorkspace::stopQueue);
    tabs->addTab(epochTable, tr("Epochs"));
    tabs->addTab(m_queuePanel, tr("Queue"));
    tabs->setTabToolTip(1, tr("Experiment queue: configurations trained one after another"));
    const auto count = [this, tabs] {
        tabs->setTabText(1, m_queue->isEmpty() ? tr("Queue") : tr("Queue (%1)").arg(m_queue->rowCount()));
    };
    connect(m_queue, &QAbstractItemModel::rowsInserted, tabs, count);
    connect(m_queue, &QAbstractItemModel::rowsRemoved, tabs, count);
    return tabs;
}

QSpinBox *TrainWorkspace::epochsBox() const
{
    return m_form->epochsBox();
}

QList<QWidget *> TrainWorkspace::settingsWidgets() const
{
    return m_form->widgets();
}

void TrainWorkspace::setDataset(const Dataset &dataset, std::shared_ptr<const FeatureCache> cache)
{
    m_dataset = dataset;
    m_cache = std::move(cache);
    // Curves of another dataset's run would read as this one's; a running run keeps its
    // own until it ends (it is still training on the dataset it started with).
    if (!m_trainer && dataset.rootPath() != m_datasetRoot) {
        m_lossChart->clear();
        m_accuracyChart->clear();
        m_epochs->clear();
        m_rawBatches.clear();
        m_datasetRoot.clear();
    }
    m_progress->setText(dataset.isLabelled() ? tr("%1: %2 snippets of %3 labels. Ready to train.")
                                                   .arg(dataset.name()).arg(dataset.snippetCount()).arg(dataset.labels().size())
                                             : tr("%1 has no labels: training needs a folder per label.").arg(dataset.name()));
    updateButtons();
}

QString TrainWorkspace::runsFolder()
{
    return DataHome::runsDir();
}

void TrainWorkspace::start()
{
    if (m_trainer || !m_cache || !m_dataset.isLabelled())
        return;
    m_form->save();
    startRun(m_form->config());
}

bool TrainWorkspace::startRun(TrainingConfig config)
{
    config.datasetRoot = m_dataset.rootPath();
    // A library labelled by its tags (or FMA) is reopened that way by evaluate and
    // resume, even if it later gains folders that would look like labels.
    if (m_dataset.kind() == Dataset::Kind::TagLibrary)
        config.labels.labels = DatasetOptions::Labels::Tags;
    else if (m_dataset.kind() == Dataset::Kind::Fma)
        config.labels.labels = DatasetOptions::Labels::Fma;
    const QString runDir = RunDirectory::freshTimestampedPath(runsFolder() + u'/' + m_dataset.name() + u'-');
    try {
        m_session = std::make_unique<TrainingSession>(config, m_dataset, m_cache, runDir, TrainingSession::Mode::New);
        m_trainer = m_session->trainer();
    } catch (const Error &error) {
        m_session.reset();
        Q_EMIT status(error.message());
        return false;
    }
    m_runDataset = m_dataset;
    m_runCache = m_cache;
    m_lossChart->clear();
    m_accuracyChart->clear();
    m_epochs->clear();
    m_rawBatches.clear();
    m_smoother = EmaSmoother(m_smoothing->value() / 100.0);
    m_datasetRoot = m_dataset.rootPath();
    m_discardOnEnd = false;
    m_closeOnEnd = false;
    m_userStopped = false;
    launchTrainer();
    m_progress->setText(tr("Training… (the first epoch's numbers arrive when it ends)"));
    updateButtons();
    return true;
}

// The session's current trainer (the run's, then the refit's) on a thread of its own.
void TrainWorkspace::launchTrainer()
{
    m_thread = new QThread(this);
    m_trainer->moveToThread(m_thread);
    connect(m_thread, &QThread::started, m_trainer, &Trainer::run);
    connect(m_trainer, &Trainer::batchTrained, this, &TrainWorkspace::onBatch);
    connect(m_trainer, &Trainer::epochFinished, this, &TrainWorkspace::onEpoch);
    connect(m_trainer, &Trainer::finished, this, &TrainWorkspace::onFinished);
    connect(m_trainer, &Trainer::failed, this, &TrainWorkspace::onFailed);
    m_thread->start();
}

// Not deleteLater() for the trainer: it belongs to the stopped thread, whose event loop
// would never run that deletion (LeakSanitizer found the leaked network).
void TrainWorkspace::stopThread()
{
    if (!m_thread)
        return;
    m_thread->quit();
    m_thread->wait();
    m_thread->deleteLater();
    m_thread = nullptr;
}

void TrainWorkspace::onFinished(const QString &trainerDir, bool stoppedEarly)
{
    // The refit's trainer writes in the run's work folder: the run is the session's.
    const QString runDir = m_session->runDir();
    if (m_session->isRefitting())
        return endRefit(runDir, stoppedEarly && m_userStopped);
    if (m_session->config().refit && !m_userStopped && beginRefit())
        return;
    onEnded(stoppedEarly ? tr("Stopped; model kept and evaluated in %1").arg(trainerDir) : tr("Finished: %1").arg(trainerDir));
    Q_EMIT runFinished(trainerDir);
}

void TrainWorkspace::onFailed(const QString &reason)
{
    if (!m_session->isRefitting())
        return onEnded(tr("Training ended: %1").arg(reason));
    const QString runDir = m_session->runDir();
    const bool discarding = m_discardOnEnd;
    m_session->abandonRefit();
    onEnded(tr("Refit ended: %1. The run is complete; best.pt stays the model chosen on validation").arg(reason));
    if (!discarding) // the run before the refit is whole: Evaluate shows it
        Q_EMIT runFinished(runDir);
}

// After the run: a fresh model on train + validation, on the same session. False when
// the refit cannot start (the run then ends as it is, saying why).
bool TrainWorkspace::beginRefit()
{
    stopThread(); // the run's trainer is replaced: its thread must have ended
    try {
        m_refitEpochs = m_session->beginRefit(m_runDataset, m_runCache);
    } catch (const Error &error) {
        m_session->abandonRefit();
        Q_EMIT status(tr("No refit: %1").arg(error.message()));
        m_trainer = m_session->trainer();
        return false;
    }
    m_refitTracks = m_session->split().tracksIn(SplitPart::Train) + m_session->split().tracksIn(SplitPart::Valid);
    m_trainer = m_session->trainer();
    launchTrainer();
    m_progress->setText(tr("Refit: a fresh model on train + validation (%1 tracks) for %2 epochs, the count validation chose…")
                            .arg(m_refitTracks).arg(m_refitEpochs));
    updateButtons();
    return true;
}

void TrainWorkspace::endRefit(const QString &runDir, bool stopped)
{
    QString text;
    if (stopped) {
        m_session->abandonRefit();
        text = tr("Refit stopped: best.pt stays the model chosen on validation in %1").arg(runDir);
    } else {
        try {
            m_session->finishRefit();
            text = tr("Finished and refit on train + validation (%1 tracks, %2 epochs): %3. best.pt is the refit model; the "
                      "test figure is the one measured before the refit, on the model chosen on validation (selected.pt)")
                       .arg(m_refitTracks).arg(m_refitEpochs).arg(runDir);
        } catch (const Error &error) {
            m_session->abandonRefit();
            text = tr("Refit not kept: %1. best.pt stays the model chosen on validation").arg(error.message());
        }
    }
    onEnded(text);
    Q_EMIT runFinished(runDir);
}

void TrainWorkspace::onBatch(int epoch, int batch, int batches, double loss)
{
    if (m_session->isRefitting())
        return; // the curves stay the run's: the refit has no validation to compare with
    const double x = (epoch - 1) + double(batch) / batches;
    m_rawBatches.emplace_back(x, loss);
    m_lossChart->append(m_rawLoss, x, loss);
    m_lossChart->append(m_smoothLoss, x, m_smoother.add(loss));
}

void TrainWorkspace::onEpoch(const EpochMetrics &m)
{
    if (m_session->isRefitting()) {
        m_progress->setText(tr("Refit: epoch %1/%2 on %3 tracks · elapsed %4 · ETA %5")
                                .arg(m.epoch).arg(m_refitEpochs).arg(m_refitTracks).arg(minutes(m.elapsed), minutes(m.eta)));
        return;
    }
    m_epochs->append(m);
    m_lossChart->append(m_trainLoss, m.epoch, m.trainLoss);
    m_lossChart->append(m_validLoss, m.epoch, m.validLoss);
    m_accuracyChart->append(m_trainAcc, m.epoch, m.trainAccuracy);
    m_accuracyChart->append(m_validAcc, m.epoch, m.validAccuracy);
    m_progress->setText(tr("Epoch %1/%2 · train %3 % · validation %4 % · elapsed %5 · ETA %6")
                            .arg(m.epoch).arg(m_session->config().epochs).arg(100 * m.trainAccuracy, 0, 'f', 1)
                            .arg(100 * m.validAccuracy, 0, 'f', 1).arg(minutes(m.elapsed), minutes(m.eta)));
}

void TrainWorkspace::onEnded(const QString &message)
{
    stopThread();
    QString text = message;
    if (m_discardOnEnd && m_session->discard())
        text = tr("Run discarded: %1 was removed").arg(QDir::toNativeSeparators(m_session->runDir()));
    else
        m_session->discardIfUnstarted(); // a failed start or a stop in epoch 1 leaves no "run"
    if (m_queueRunning)
        text = tr("Queue %1/%2: %3").arg(m_queueStarted).arg(m_queueTotal).arg(text);
    m_progress->setText(text);
    Q_EMIT status(text);
    m_session.reset();
    m_runCache.reset();
    m_trainer = nullptr;
    m_discardOnEnd = false;
    updateButtons();
    if (std::exchange(m_closeOnEnd, false))
        Q_EMIT closeWhenEnded();
    else if (m_queueRunning) // after the slots of runFinished: the next run starts from the event loop
        QTimer::singleShot(0, this, &TrainWorkspace::startNextQueued);
}

void TrainWorkspace::addToQueue()
{
    m_form->save();
    m_queue->add(m_form->config());
}

void TrainWorkspace::runQueue()
{
    if (m_trainer || m_queueRunning || m_queue->isEmpty())
        return;
    m_queueRunning = true;
    m_queueStarted = 0;
    m_queueTotal = m_queue->rowCount();
    startNextQueued();
}

// The next configuration that starts; one that cannot start (status() says why) is
// skipped like one that fails while training.
void TrainWorkspace::startNextQueued()
{
    while (m_queueRunning && !m_trainer) {
        if (m_queue->isEmpty() || !m_cache || !m_dataset.isLabelled()) {
            m_queueRunning = false;
            Q_EMIT status(tr("Queue done: %1 configuration(s) started").arg(m_queueStarted));
            break;
        }
        ++m_queueStarted;
        startRun(m_queue->takeFirst());
    }
    m_queuePanel->setRunning(m_queueRunning);
    updateButtons();
}

// The queue starts nothing more; the run going now stops and keeps its model.
void TrainWorkspace::stopQueue()
{
    if (!m_queueRunning)
        return;
    m_queueRunning = false;
    m_queuePanel->setRunning(false);
    stop();
    Q_EMIT status(tr("Queue stopped: %1 configuration(s) left in it").arg(m_queue->rowCount()));
}

TrainWorkspace::EndChoice TrainWorkspace::askHowToEnd(const QString &why)
{
    QMessageBox box(QMessageBox::Question, tr("A run is training"), why, QMessageBox::NoButton, this);
    box.setInformativeText(tr("Stop and keep: finish the current batch, save and evaluate the model so far (it "
                              "appears in Evaluate). Discard: remove the run's folder. Go on: keep training."));
    QPushButton *keep = box.addButton(tr("Stop and keep the model"), QMessageBox::AcceptRole);
    keep->setObjectName(QStringLiteral("stopAndKeep"));
    QPushButton *discard = box.addButton(tr("Discard the run"), QMessageBox::DestructiveRole);
    discard->setObjectName(QStringLiteral("discard"));
    QPushButton *goOn = box.addButton(tr("Go on training"), QMessageBox::RejectRole);
    goOn->setObjectName(QStringLiteral("goOn"));
    box.setDefaultButton(goOn);
    box.setEscapeButton(goOn);
    box.exec();
    if (box.clickedButton() == keep)
        return EndChoice::StopAndKeep;
    if (box.clickedButton() == discard)
        return EndChoice::Discard;
    return EndChoice::GoOn;
}

bool TrainWorkspace::confirmClose()
{
    if (!m_trainer)
        return true;
    switch (askHowToEnd(tr("Closing GenreLab ends the training run."))) {
    case EndChoice::StopAndKeep:
        m_closeOnEnd = true;
        m_queueRunning = false;
        stop();
        m_progress->setText(tr("Stopping: the window closes once the model is saved and evaluated…"));
        return false;
    case EndChoice::Discard:
        m_discardOnEnd = true; // the destructor cancels, waits and removes the run
        return true;
    case EndChoice::GoOn:
        break;
    }
    return false;
}

void TrainWorkspace::togglePause()
{
    if (!m_trainer)
        return;
    if (m_trainer->isPaused())
        m_trainer->resume();
    else
        m_trainer->pause();
    updateButtons();
}

void TrainWorkspace::stop()
{
    if (!m_trainer)
        return;
    m_userStopped = true;
    m_trainer->requestStop();
}

void TrainWorkspace::cancel()
{
    if (!m_trainer)
        return;
    switch (askHowToEnd(tr("End this training run?"))) {
    case EndChoice::StopAndKeep:
        stop();
        break;
    case EndChoice::Discard:
        m_discardOnEnd = true;
        m_trainer->requestCancel();
        break;
    case EndChoice::GoOn:
        break;
    }
}

void TrainWorkspace::updateButtons()
{
    const bool running = m_trainer != nullptr;
    m_startButton->setEnabled(!running && m_cache && m_dataset.isLabelled());
    m_pauseButton->setEnabled(running);
    m_pauseButton->setText(running && m_trainer->isPaused() ? tr("Resume") : tr("Pause"));
    m_stopButton->setEnabled(running);
    m_cancelButton->setEnabled(running);
    // A run keeps the settings it started with: editing them would change nothing.
    m_form->setLocked(running);
    m_startButton->setToolTip(running ? tr("A run is going; its settings are locked until it ends")
                                      : tr("Train a new network with these settings (Ctrl+R)"));
}

} // namespace genrelab
