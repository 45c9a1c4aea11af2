// The Train workspace and its charts as a student meets them (issue 17, items 3, 4, 8,
// 9): round ticks and a y range fitted to the data, a debiased smoothed batch loss with
// a slider, a hover read-out, nothing cut at the right edge; the settings locked while a
// run goes; Cancel and closing the window ask (stop and keep, discard, go on); another
// dataset clears the previous one's curves. Issue 22: the network and regularisation
// settings (from the core's registered networks, remembered, locked), the refit on
// train + validation after a run, and the experiment queue.
#include "DatasetFixture.h"
#include "MainWindow.h"
#include "charts/CurveChart.h"
#include "charts/EmaSmoother.h"
#include "charts/NiceScale.h"
#include "ml/RunDirectory.h"
#include "ml/NetworkNames.h"
#include "ml/TrainingPresets.h"
#include "models/EpochTableModel.h"
#include "models/ExperimentQueueModel.h"
#include "train/ExperimentQueuePanel.h"
#include "train/TrainSettingsForm.h"
#include "train/TrainWorkspace.h"
#include "util/DataHome.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QListView>
#include <QMenu>
#include <QToolButton>
#include <QDir>
#include <QFileInfo>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cmath>

using namespace genrelab;
using namespace genrelab::test;

namespace {

bool isRoundStep(double step)
{
    const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
    for (double m : {1.0, 2.0, 5.0})
        if (std::abs(mantissa - m) < 1e-6)
            return true;
    return false;
}

// Clicks the button with this object name in the next modal dialog, once it is up.
void answerNextDialog(const QString &buttonName, bool *answered = nullptr)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, buttonName, answered] {
        QWidget *box = QApplication::activeModalWidget();
        if (!box)
            return;
        if (auto *button = box->findChild<QPushButton *>(buttonName)) {
            timer->stop();
            timer->deleteLater();
            if (answered)
                *answered = true;
            button->click();
        }
    });
    timer->start();
}

QStringList runFolders()
{
    return QDir(DataHome::runsDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
}

} // namespace

class TestTrainWorkspace : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    bool open(MainWindow &window, const QString &name)
    {
        window.show();
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(m_dir.filePath(name));
        return opened.wait(30000);
    }

    // Starts a long run and waits until its first epoch is complete, then pauses it.
    bool startPausedAfterOneEpoch(TrainWorkspace *train)
    {
        train->epochsBox()->setValue(400);
        train->start();
        if (!train->isTraining())
            return false;
        if (!QTest::qWaitFor([train] { return train->epochs()->rowCount() >= 1; }, 60000))
            return false;
        train->togglePause();
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GenreLabTests"));
        QSettings().clear();
        DatasetFixture::writeLabelled(m_dir.filePath(QStringLiteral("one")), {QStringLiteral("drone"), QStringLiteral("hum")}, 3, 6.2);
        DatasetFixture::writeLabelled(m_dir.filePath(QStringLiteral("two")), {QStringLiteral("buzz"), QStringLiteral("tone")}, 2, 6.2);
        // Enough tracks per label for a split by track with validation tracks to refit on.
        DatasetFixture::writeLabelled(m_dir.filePath(QStringLiteral("three")),
                                      {QStringLiteral("low"), QStringLiteral("mid"), QStringLiteral("high")}, 5, 6.5);
    }

    void cleanup()
    {
        QSettings().remove(QStringLiteral("train")); // every test starts from the defaults
    }

    // The networks offered are the core's registered ones; every new setting reaches the
    // run's configuration and is remembered; the refit is refused for the seed split.
    void moreSettingsReachTheConfigAndAreRemembered()
    {
        TrainSettingsForm form;
        QStringList offered;
        for (int i = 0; i < form.networkBox()->count(); ++i)
            offered << form.networkBox()->itemText(i);
        QCOMPARE(offered, NetworkNames::all());
        QVERIFY(offered.size() >= 2);
        form.networkBox()->setCurrentIndex(1);
        form.findChild<QDoubleSpinBox *>(QStringLiteral("dropout"))->setValue(0.3);
        form.findChild<QDoubleSpinBox *>(QStringLiteral("weightDecay"))->setValue(0.0005);
        form.findChild<QDoubleSpinBox *>(QStringLiteral("mixup"))->setValue(0.2);
        form.findChild<QSpinBox *>(QStringLiteral("earlyStopping"))->setValue(4);
        form.refitBox()->setChecked(true);
        const TrainingConfig config = form.config();
        QCOMPARE(config.network.architecture, offered.at(1));
        QCOMPARE(config.network.dropout, 0.3);
        QCOMPARE(config.weightDecay, 0.0005);
        QCOMPARE(config.mixup, 0.2);
        QCOMPARE(config.earlyStopping, 4);
        QVERIFY(config.refit);
        for (QWidget *w : form.widgets())
            QVERIFY2(!w->toolTip().isEmpty() || qobject_cast<QCheckBox *>(w), qPrintable(w->objectName()));
        form.save();

        TrainSettingsForm again; // what the next start of the app shows
        QCOMPARE(again.networkBox()->currentText(), offered.at(1));
        QCOMPARE(again.findChild<QDoubleSpinBox *>(QStringLiteral("dropout"))->value(), 0.3);
        QCOMPARE(again.findChild<QSpinBox *>(QStringLiteral("earlyStopping"))->value(), 4);
        QVERIFY(again.refitBox()->isChecked());

        auto *split = again.findChild<QComboBox *>();
        split->setCurrentIndex(split->findData(QStringLiteral("seed")));
        QVERIFY(!again.refitBox()->isEnabled());
        QVERIFY(again.refitBox()->toolTip().contains(QStringLiteral("validation snippets come from the test tracks")));
        QVERIFY(!again.config().refit);
        again.setLocked(false); // unlocking keeps the seed split's rule
        QVERIFY(!again.refitBox()->isEnabled());
        split->setCurrentIndex(split->findData(QStringLiteral("track")));
        QVERIFY(again.refitBox()->isEnabled());
    }

    // The Recipe menu fills the form with the core's presets (the CLI's --preset): the
    // form's configuration is then exactly the preset's, More settings open to show it.
    void recipeMenuFillsTheFormWithAPreset()
    {
        TrainSettingsForm form;
        form.findChild<QToolButton *>(QStringLiteral("moreSettingsToggle"))->setChecked(false);
        form.epochsBox()->setValue(7);
        QVERIFY(!form.recipeButton()->toolTip().isEmpty());
        const QList<QAction *> actions = form.recipeButton()->menu()->actions();
        QCOMPARE(actions.size(), TrainingPresets::names().size());
        for (const QString &name : TrainingPresets::names()) {
            QAction *action = form.recipeButton()->menu()->findChild<QAction *>(QStringLiteral("preset-") + name);
            QVERIFY2(action, qPrintable(name));
            TrainingConfig before = form.config();
            before.epochs = TrainingConfig{}.epochs; // the recipe's own count, not the 7 typed
            const TrainingConfig expected = TrainingPresets::apply(name, before);
            action->trigger();
            QCOMPARE(form.config().toJson(), expected.toJson());
            QVERIFY(!form.moreSettings()->isHidden());
        }
        QCOMPARE(form.config().epochs, 40); // the last one, recommended
        QVERIFY(form.config().refit && form.refitBox()->isEnabled());
        form.recipeButton()->menu()->findChild<QAction *>(QStringLiteral("preset-study"))->trigger();
        QCOMPARE(form.config().split, DataSplit::Kind::Seed);
        QVERIFY(!form.config().refit && !form.refitBox()->isEnabled());
    }

    // Refit: after the run, a fresh model on train + validation through the same session;
    // the run keeps the model chosen on validation as selected.pt and config.json says so.
    void refitTrainsTheFinalModelOnAllData()
    {
        MainWindow window;
        QVERIFY(open(window, QStringLiteral("three")));
        TrainWorkspace *train = window.train();
        train->epochsBox()->setValue(2);
        train->settingsForm()->refitBox()->setChecked(true);
        QSignalSpy finished(train, &TrainWorkspace::runFinished);
        QSignalSpy status(train, &TrainWorkspace::status);
        train->start();
        QVERIFY(train->isTraining());
        QVERIFY(finished.wait(180000));
        QVERIFY(!train->isTraining());
        const QString run = finished.first().first().toString();
        QVERIFY(QFile::exists(run + QStringLiteral("/best.pt")));
        QVERIFY(QFile::exists(run + QStringLiteral("/selected.pt")));
        const TrainingConfig config = RunDirectory(run).readConfig();
        QVERIFY(config.refit);
        QVERIFY2(config.refitEpochs >= 1 && config.refitEpochs <= 2, qPrintable(QString::number(config.refitEpochs)));
        QVERIFY(config.refitTracks > 0 && config.refitTracks < 15); // train + validation, never the test tracks
        QVERIFY(!status.isEmpty());
        const QString said = status.last().first().toString();
        QVERIFY2(said.contains(QStringLiteral("measured before the refit")), qPrintable(said));
    }

    // The queue trains its configurations one after another, each into its own run folder
    // with its own settings; removing one takes it out.
    void queueTrainsEachConfiguration()
    {
        MainWindow window;
        QVERIFY(open(window, QStringLiteral("one")));
        TrainWorkspace *train = window.train();
        QAbstractItemModelTester tester(train->queue(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        TrainSettingsForm *form = train->settingsForm();
        form->epochsBox()->setValue(1);
        form->findChild<QDoubleSpinBox *>(QStringLiteral("dropout"))->setValue(0.25);
        train->addToQueue();
        form->epochsBox()->setValue(2);
        form->findChild<QDoubleSpinBox *>(QStringLiteral("dropout"))->setValue(0.0);
        train->addToQueue();
        form->epochsBox()->setValue(7);
        train->addToQueue();
        QCOMPARE(train->queue()->rowCount(), 3);
        QVERIFY(train->queue()->index(0).data().toString().contains(QStringLiteral("dropout 0.25")));
        QListView *view = train->queuePanel()->view();
        view->setCurrentIndex(train->queue()->index(2));
        train->queuePanel()->removeSelected();
        QCOMPARE(train->queue()->rowCount(), 2);

        QSignalSpy finished(train, &TrainWorkspace::runFinished);
        train->runQueue();
        QVERIFY(train->isRunningQueue());
        QTRY_VERIFY_WITH_TIMEOUT(!train->isRunningQueue() && !train->isTraining(), 240000);
        QCOMPARE(finished.size(), 2);
        QCOMPARE(train->queue()->rowCount(), 0);
        const TrainingConfig first = RunDirectory(finished.at(0).first().toString()).readConfig();
        const TrainingConfig second = RunDirectory(finished.at(1).first().toString()).readConfig();
        QVERIFY(finished.at(0).first() != finished.at(1).first());
        QCOMPARE(first.epochs, 1);
        QCOMPARE(first.network.dropout, 0.25);
        QCOMPARE(second.epochs, 2);
        QCOMPARE(second.network.dropout, 0.0);

        // A configuration that cannot run (FMA's own split on a folder dataset) is reported
        // and the queue goes on with the next.
        auto *split = form->findChild<QComboBox *>();
        split->setCurrentIndex(split->findData(QStringLiteral("official")));
        train->addToQueue();
        split->setCurrentIndex(split->findData(QStringLiteral("track")));
        form->epochsBox()->setValue(1);
        train->addToQueue();
        finished.clear();
        QSignalSpy status(train, &TrainWorkspace::status);
        train->runQueue();
        QTRY_VERIFY_WITH_TIMEOUT(!train->isRunningQueue() && !train->isTraining(), 240000);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(RunDirectory(finished.at(0).first().toString()).readConfig().split, DataSplit::Kind::Track);
        bool reported = false;
        for (const QList<QVariant> &said : status)
            reported = reported || said.first().toString().contains(QStringLiteral("official split"));
        QVERIFY(reported);
    }

    void niceScaleHasRoundTicksAndFitsTheData()
    {
        const NiceScale accuracy(0.0, 1.16, 6);
        QCOMPARE(accuracy.step(), 0.2); // not 0.58 / 1.16
        QCOMPARE(accuracy.low(), 0.0);
        QVERIFY(std::abs(accuracy.high() - 1.2) < 1e-9);
        // A loss between 0.62 and 0.71 is not drawn from 0: fitted, with a margin.
        const NiceScale loss(0.62, 0.71, 6, 0.05);
        QVERIFY2(loss.low() >= 0.55 && loss.low() < 0.62, qPrintable(QString::number(loss.low())));
        QVERIFY(loss.high() > 0.71 && loss.high() <= 0.75);
        QVERIFY(isRoundStep(loss.step()));
        const NiceScale one(2.0, 2.0, 5);
        QVERIFY(one.low() < 2.0 && one.high() > 2.0);
        // Two values an ulp apart (a debiased average of one point) are one value, not a
        // range of 1e-16 with 1e16 ticks.
        const NiceScale ulp(0.762944, std::nextafter(0.762944, 1.0), 6, 0.05);
        QVERIFY2(ulp.step() > 1e-4 && ulp.tickCount() <= 12, qPrintable(QString::number(ulp.step())));
        QVERIFY(NiceScale(0.3, 0.1, 5).low() <= 0.1); // reversed bounds
    }

    void debiasedSmoothingFollowsTheData()
    {
        // Weight 0: the data themselves. Any weight: starts at the first value (no bias
        // towards 0) and a constant stays that constant.
        QCOMPARE(EmaSmoother::smooth({3.0, 1.0, 2.0}, 0.0), (std::vector<double>{3.0, 1.0, 2.0}));
        const std::vector<double> constant = EmaSmoother::smooth({0.8, 0.8, 0.8, 0.8}, 0.9);
        for (double v : constant)
            QVERIFY(std::abs(v - 0.8) < 1e-12);
        QCOMPARE(EmaSmoother::smooth({2.5}, 0.9).front(), 2.5);
        // A falling, noisy loss: the smoothed curve stays within 0.1 of the trend (the old
        // undebiased 0.9 average seeded high ran about 0.2 above it).
        std::vector<double> loss;
        for (int i = 0; i < 200; ++i)
            loss.push_back(2.0 - 0.008 * i + (i % 2 ? 0.3 : -0.3));
        const std::vector<double> smoothed = EmaSmoother::smooth(loss, 0.6);
        for (int i = 10; i < 200; ++i)
            QVERIFY2(std::abs(smoothed[std::size_t(i)] - (2.0 - 0.008 * i)) < 0.1, qPrintable(QString::number(i)));
        QVERIFY(std::isnan(EmaSmoother(0.6).add(std::nan(""))));
    }

    void chartFitsRoundsAndReadsOut()
    {
        CurveChart chart(QStringLiteral("Loss"), QStringLiteral("epoch"), QStringLiteral("cross-entropy"));
        const int raw = chart.addSeries(QStringLiteral("batch loss"), Qt::blue, CurveChart::Style::Faint);
        const int epoch = chart.addSeries(QStringLiteral("validation"), Qt::red);
        for (int i = 1; i <= 59; ++i)
            chart.append(raw, i / 20.0, 1.2 - i / 100.0);
        chart.append(epoch, 1, 0.9);
        chart.append(epoch, 2, 0.75);
        chart.append(epoch, 3, 0.62);
        // x: from 0, whole epochs, the last point (x = 3) not on the edge.
        QCOMPARE(chart.xRange().first, 0.0);
        QVERIFY(chart.xRange().second > 3.0 && chart.xRange().second < 3.5);
        QCOMPARE(chart.xTickInterval(), 1.0);
        // y: fitted to 0.61…1.19 with a margin, not from 0, round ticks.
        const auto [low, high] = chart.yRange();
        QVERIFY2(low > 0.0 && low <= 0.61 && high >= 1.19 && high <= 1.5, qPrintable(QStringLiteral("%1 %2").arg(low).arg(high)));
        QVERIFY(isRoundStep(chart.yTickInterval()));
        // The read-out names every series with its value nearest to x.
        const QString text = chart.readoutAt(2.02);
        QVERIFY2(text.contains(QStringLiteral("validation 0.75")) && text.contains(QStringLiteral("batch loss 0.8")),
                 qPrintable(text));
        QVERIFY(text.startsWith(QStringLiteral("epoch 2.02")));
        // A partial epoch (2.95) still ends the axis on a whole tick, 3.
        CurveChart partial(QStringLiteral("Loss"), QStringLiteral("epoch"), QStringLiteral("loss"));
        const int s = partial.addSeries(QStringLiteral("batch"), Qt::blue);
        partial.append(s, 0.05, 1.0);
        partial.append(s, 2.95, 0.5);
        QCOMPARE(partial.xRange().second, 3.0);
        // replace() refits the range to what is left.
        partial.replace(s, {QPointF(0.5, 10.0), QPointF(1.0, 20.0)});
        QVERIFY(partial.yRange().first > 5.0 && partial.yRange().second >= 20.0);
        chart.clear();
        QVERIFY(chart.readoutAt(1.0).isEmpty());
    }

    void trainingLocksTheFormAndSmoothsWithTheSlider()
    {
        MainWindow window;
        QVERIFY(open(window, QStringLiteral("one")));
        TrainWorkspace *train = window.train();
        QAbstractItemModelTester tester(train->epochs(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (QWidget *w : train->settingsWidgets())
            QVERIFY(w->isEnabled());
        train->epochsBox()->setValue(2);
        QSignalSpy finished(train, &TrainWorkspace::runFinished);
        train->start();
        QVERIFY(train->isTraining());
        QCOMPARE(train->settingsWidgets().size(), 15); // the form's 14 settings and its Recipe menu
        for (QWidget *w : train->settingsWidgets())
            QVERIFY2(!w->isEnabled(), qPrintable(w->metaObject()->className()));
        QVERIFY(finished.wait(120000));
        for (QWidget *w : train->settingsWidgets())
            QVERIFY(w->isEnabled());

        // Smoothed series (1): debiased, so it starts at the first raw loss; weight 0 is the raw loss.
        CurveChart *loss = train->lossChart();
        const std::vector<QPointF> raw = loss->points(0), smoothed = loss->points(1);
        QVERIFY(raw.size() >= 2);
        QCOMPARE(smoothed.size(), raw.size());
        QVERIFY(std::abs(smoothed.front().y() - raw.front().y()) < 1e-9);
        train->smoothingSlider()->setValue(0);
        const std::vector<QPointF> none = loss->points(1);
        for (std::size_t i = 0; i < raw.size(); ++i)
            QVERIFY(std::abs(none[i].y() - raw[i].y()) < 1e-9);
        train->smoothingSlider()->setValue(95);
        QCOMPARE(QSettings().value(QStringLiteral("train/smoothing")).toInt(), 95);

        // Another dataset: the previous one's curves and epochs go.
        QVERIFY(open(window, QStringLiteral("two")));
        QCOMPARE(train->lossChart()->pointCount(0), 0);
        QCOMPARE(train->accuracyChart()->pointCount(1), 0);
        QCOMPARE(train->epochs()->rowCount(), 0);
    }

    // Two runs of one dataset started within one second (a fast machine) each get their
    // own folder; the second used to be refused because the first had its name.
    void runsStartedWithinOneSecondGetTheirOwnFolders()
    {
        const QString prefix = DataHome::runsDir() + QStringLiteral("/same-second-");
        const QString first = RunDirectory::freshTimestampedPath(prefix);
        QVERIFY(QDir().mkpath(first));
        const QString second = RunDirectory::freshTimestampedPath(prefix);
        QVERIFY(second != first);
        QVERIFY(QFile::link(first, first + QStringLiteral("-2"))); // a name held by a link is taken too
        const QString third = RunDirectory::freshTimestampedPath(prefix);
        QVERIFY2(!QFileInfo(third).isSymLink() && !QFileInfo::exists(third), qPrintable(third));
        QVERIFY(QFile::remove(first + QStringLiteral("-2")));
        QVERIFY(QDir(first).removeRecursively());
    }

    void cancelAsksGoOnOrDiscard()
    {
        MainWindow window;
        QVERIFY(open(window, QStringLiteral("one")));
        TrainWorkspace *train = window.train();
        const QStringList before = runFolders();
        QVERIFY(startPausedAfterOneEpoch(train));
        bool answered = false;
        answerNextDialog(QStringLiteral("goOn"), &answered);
        train->cancel();
        QVERIFY(answered);
        QVERIFY(train->isTraining()); // went on
        QStringList added = runFolders();
        for (const QString &name : before)
            added.removeAll(name);
        QCOMPARE(added.size(), 1); // the run, with an epoch on disk

        answerNextDialog(QStringLiteral("discard"));
        train->cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!train->isTraining(), 60000);
        QVERIFY2(!QDir(DataHome::runsDir()).exists(added.first()), qPrintable(added.first()));
    }

    void closingAsksAndKeepsTheModel()
    {
        MainWindow window;
        QVERIFY(open(window, QStringLiteral("one")));
        TrainWorkspace *train = window.train();
        QVERIFY(startPausedAfterOneEpoch(train));
        QSignalSpy finished(train, &TrainWorkspace::runFinished);
        answerNextDialog(QStringLiteral("goOn"));
        QVERIFY(!window.close()); // Ctrl+Q, go on: nothing happens
        QVERIFY(window.isVisible() && train->isTraining());
        answerNextDialog(QStringLiteral("stopAndKeep"));
        QVERIFY(!window.close()); // not yet: the model is being saved
        QVERIFY(finished.wait(60000));
        const QString run = finished.first().first().toString();
        QVERIFY(QFile::exists(run + QStringLiteral("/best.pt")));
        QVERIFY(QFile::exists(run + QStringLiteral("/confusion.csv")));
        QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 10000); // then the window closes
    }
};

QTEST_MAIN(TestTrainWorkspace)
#include "tst_trainworkspace.moc"
