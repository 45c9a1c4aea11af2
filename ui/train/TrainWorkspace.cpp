#include "TrainWorkspace.h"

#include "charts/CurveChart.h"
#include "charts/EmaSmoother.h"
#include "data/DataSplit.h"
#include "util/ChartPalette.h"
#include "ml/RunDirectory.h"
#include "ml/Trainer.h"
#include "ml/TrainingSession.h"
#include "models/EpochTableModel.h"
#include "util/DataHome.h"
#include "util/Error.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QThread>
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
    leftLayout->addWidget(table, 1);

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
    QSettings settings;
    auto *box = new QWidget(this);
    auto *form = new QFormLayout(box);
    m_split = new QComboBox(box);
    m_split->addItem(tr("by track (80/10/10)"), QStringLiteral("track"));
    m_split->addItem(tr("by artist (80/10/10)"), QStringLiteral("artist"));
    m_split->addItem(tr("fault-filtered GTZAN"), QStringLiteral("filtered"));
    m_split->addItem(tr("FMA's own (set.split)"), QStringLiteral("official"));
    m_split->addItem(tr("the study's (shuffled snippets)"), QStringLiteral("seed"));
    m_split->setToolTip(tr("Which tracks train, validate and test the network. By track: every snippet of a track "
                           "stays on one side, so the test accuracy is honest. By artist: every artist's tracks "
                           "stay on one side (artist tag, else album artist), so the test is on artists the network "
                           "never heard. Fault-filtered: GTZAN without its "
                           "known duplicates and mislabelled clips. The study's: snippets shuffled, so one track "
                           "lands in training and test (it leaks, and flatters the accuracy). FMA's own: the "
                           "training/validation/test partition in FMA's tracks.csv."));
    m_split->setCurrentIndex(std::max(0, m_split->findData(settings.value(QStringLiteral("train/split"), QStringLiteral("track")))));
    m_leakWarning = new QLabel(DataSplit::leakageWarning(), box);
    m_leakWarning->setWordWrap(true);
    m_leakWarning->setStyleSheet(QStringLiteral("color: #b03a2e"));
    const auto spin = [box](int low, int high, int value, const QString &tip) {
        auto *s = new QSpinBox(box);
        s->setRange(low, high);
        s->setValue(value);
        s->setToolTip(tip);
        return s;
    };
    m_epochsBox = spin(1, 1000, settings.value(QStringLiteral("train/epochs"), 25).toInt(), tr("Passes over the training snippets"));
    m_batch = spin(1, 1024, settings.value(QStringLiteral("train/batch"), 64).toInt(), tr("Snippets per optimisation step"));
    m_learningRate = new QDoubleSpinBox(box);
    m_learningRate->setDecimals(5);
    m_learningRate->setRange(0.00001, 1.0);
    m_learningRate->setSingleStep(0.0001);
    m_learningRate->setValue(settings.value(QStringLiteral("train/lr"), 0.001).toDouble());
    m_learningRate->setToolTip(tr("Adam's learning rate"));
    m_cell = new QComboBox(box);
    m_cell->addItems({QStringLiteral("GRU"), QStringLiteral("LSTM")});
    m_cell->setCurrentIndex(settings.value(QStringLiteral("train/cell"), 0).toInt());
    m_cell->setToolTip(tr("Recurrent layer of the CRNN (the study compared both)"));
    m_augment = new QCheckBox(tr("time shift + masking"), box);
    m_augment->setChecked(settings.value(QStringLiteral("train/augment"), false).toBool());
    m_seed = spin(0, 1000000, settings.value(QStringLiteral("train/seed"), 1).toInt(), tr("Same seed, same data, one thread: same curves"));
    m_threads = spin(1, QThread::idealThreadCount(), settings.value(QStringLiteral("train/threads"), QThread::idealThreadCount()).toInt(),
                     tr("LibTorch threads"));
    form->addRow(tr("Split"), m_split);
    form->addRow(m_leakWarning);
    form->addRow(tr("Epochs"), m_epochsBox);
    form->addRow(tr("Batch"), m_batch);
    form->addRow(tr("Learning rate"), m_learningRate);
    form->addRow(tr("Cell"), m_cell);
    form->addRow(tr("Augmentation"), m_augment);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("Threads"), m_threads);
    m_settingsWidgets = {m_split, m_epochsBox, m_batch, m_learningRate, m_cell, m_augment, m_seed, m_threads};
    connect(m_split, &QComboBox::currentIndexChanged, this,
            [this] { m_leakWarning->setVisible(m_split->currentData().toString() == QLatin1String("seed")); });
    m_leakWarning->setVisible(m_split->currentData().toString() == QLatin1String("seed"));

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
    form->addRow(buttons);
    connect(m_startButton, &QPushButton::clicked, this, &TrainWorkspace::start);
    connect(m_pauseButton, &QPushButton::clicked, this, &TrainWorkspace::togglePause);
    connect(m_stopButton, &QPushButton::clicked, this, &TrainWorkspace::stop);
    connect(m_cancelButton, &QPushButton::clicked, this, &TrainWorkspace::cancel);
    return box;
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

void TrainWorkspace::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("train/split"), m_split->currentData());
    settings.setValue(QStringLiteral("train/epochs"), m_epochsBox->value());
    settings.setValue(QStringLiteral("train/batch"), m_batch->value());
    settings.setValue(QStringLiteral("train/lr"), m_learningRate->value());
    settings.setValue(QStringLiteral("train/cell"), m_cell->currentIndex());
    settings.setValue(QStringLiteral("train/augment"), m_augment->isChecked());
    settings.setValue(QStringLiteral("train/seed"), m_seed->value());
    settings.setValue(QStringLiteral("train/threads"), m_threads->value());
}

QString TrainWorkspace::runsFolder()
{
    return DataHome::runsDir();
}

void TrainWorkspace::start()
{
    if (m_trainer || !m_cache || !m_dataset.isLabelled())
        return;
    saveSettings();
    TrainingConfig config;
    config.datasetRoot = m_dataset.rootPath();
    // A library labelled by its tags (or FMA) is reopened that way by evaluate and
    // resume, even if it later gains folders that would look like labels.
    if (m_dataset.kind() == Dataset::Kind::TagLibrary)
        config.labels.labels = DatasetOptions::Labels::Tags;
    else if (m_dataset.kind() == Dataset::Kind::Fma)
        config.labels.labels = DatasetOptions::Labels::Fma;
    config.split = *DataSplit::parseKind(m_split->currentData().toString());
    config.epochs = m_epochsBox->value();
    config.batch = m_batch->value();
    config.learningRate = m_learningRate->value();
    config.network.cell = m_cell->currentIndex() == 1 ? CrnnOptions::Cell::Lstm : CrnnOptions::Cell::Gru;
    config.augment = m_augment->isChecked();
    config.seed = std::uint64_t(m_seed->value());
    config.threads = m_threads->value();
    const QString runDir = RunDirectory::freshTimestampedPath(runsFolder() + u'/' + m_dataset.name() + u'-');
    try {
        m_session = std::make_unique<TrainingSession>(config, m_dataset, m_cache, runDir, TrainingSession::Mode::New);
        m_trainer = m_session->trainer();
    } catch (const Error &error) {
        Q_EMIT status(error.message());
        return;
    }
    m_lossChart->clear();
    m_accuracyChart->clear();
    m_epochs->clear();
    m_rawBatches.clear();
    m_smoother = EmaSmoother(m_smoothing->value() / 100.0);
    m_datasetRoot = m_dataset.rootPath();
    m_discardOnEnd = false;
    m_closeOnEnd = false;
    m_thread = new QThread(this);
    m_trainer->moveToThread(m_thread);
    connect(m_thread, &QThread::started, m_trainer, &Trainer::run);
    connect(m_trainer, &Trainer::batchTrained, this, &TrainWorkspace::onBatch);
    connect(m_trainer, &Trainer::epochFinished, this, &TrainWorkspace::onEpoch);
    connect(m_trainer, &Trainer::finished, this, [this](const QString &dir, bool early) {
        onEnded(early ? tr("Stopped; model kept and evaluated in %1").arg(dir) : tr("Finished: %1").arg(dir));
        Q_EMIT runFinished(dir);
    });
    connect(m_trainer, &Trainer::failed, this, [this](const QString &reason) { onEnded(tr("Training ended: %1").arg(reason)); });
    m_thread->start();
    m_progress->setText(tr("Training… (the first epoch's numbers arrive when it ends)"));
    updateButtons();
}

void TrainWorkspace::onBatch(int epoch, int batch, int batches, double loss)
{
    const double x = (epoch - 1) + double(batch) / batches;
    m_rawBatches.emplace_back(x, loss);
    m_lossChart->append(m_rawLoss, x, loss);
    m_lossChart->append(m_smoothLoss, x, m_smoother.add(loss));
}

void TrainWorkspace::onEpoch(const EpochMetrics &m)
{
    m_epochs->append(m);
    m_lossChart->append(m_trainLoss, m.epoch, m.trainLoss);
    m_lossChart->append(m_validLoss, m.epoch, m.validLoss);
    m_accuracyChart->append(m_trainAcc, m.epoch, m.trainAccuracy);
    m_accuracyChart->append(m_validAcc, m.epoch, m.validAccuracy);
    m_progress->setText(tr("Epoch %1/%2 · train %3 % · validation %4 % · elapsed %5 · ETA %6")
                            .arg(m.epoch).arg(m_epochsBox->value()).arg(100 * m.trainAccuracy, 0, 'f', 1)
                            .arg(100 * m.validAccuracy, 0, 'f', 1).arg(minutes(m.elapsed), minutes(m.eta)));
}

void TrainWorkspace::onEnded(const QString &message)
{
    m_thread->quit();
    m_thread->wait();
    // Not deleteLater(): the trainer belongs to the stopped thread, whose event loop
    // would never run that deletion (LeakSanitizer found the leaked network).
    QString text = message;
    if (m_discardOnEnd && m_session->discard())
        text = tr("Run discarded: %1 was removed").arg(QDir::toNativeSeparators(m_session->runDir()));
    else
        m_session->discardIfUnstarted(); // a failed start or a stop in epoch 1 leaves no "run"
    m_progress->setText(text);
    Q_EMIT status(text);
    m_session.reset();
    m_thread->deleteLater();
    m_trainer = nullptr;
    m_thread = nullptr;
    m_discardOnEnd = false;
    updateButtons();
    if (std::exchange(m_closeOnEnd, false))
        Q_EMIT closeWhenEnded();
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
        m_trainer->requestStop();
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
    if (m_trainer)
        m_trainer->requestStop();
}

void TrainWorkspace::cancel()
{
    if (!m_trainer)
        return;
    switch (askHowToEnd(tr("End this training run?"))) {
    case EndChoice::StopAndKeep:
        m_trainer->requestStop();
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
    for (QWidget *w : m_settingsWidgets)
        w->setEnabled(!running);
    m_startButton->setToolTip(running ? tr("A run is going; its settings are locked until it ends")
                                      : tr("Train a new network with these settings (Ctrl+R)"));
}

} // namespace genrelab
