// genrelab-gui.so: the desktop application's window. All of it lives in genrelab_ui and
// genrelab_core; the genrelab executable loads this once its first window is up.
#include "GuiModule.h"

#include "GuiOptions.h"
#include "MainWindow.h"
#include "evaluate/EmbeddingMapDialog.h"
#include "evaluate/EvaluateWorkspace.h"
#include "evaluate/SnippetInspector.h"
#include "explore/ExploreWorkspace.h"
#include "tag/TagWorkspace.h"
#include "train/TrainWorkspace.h"
#include "views/EvidenceControls.h"
#include "views/NetworkInsidesDialog.h"

#include <QApplication>
#include <QSpinBox>
#include <QTableView>
#include <QTabWidget>
#include <QTimer>

namespace {

using genrelab::MainWindow;

// Explore's "Inside…" window for the selected snippet, pictured once computed (or after
// a minute, saying why not: no model).
void grabInsides(MainWindow *window, const QString &file)
{
    genrelab::NetworkInsidesDialog *insides = window->explore()->evidence()->showInsides();
    insides->resize(1280, 800);
    const auto grab = [insides, file] {
        insides->grab().save(file);
        QApplication::quit();
    };
    QObject::connect(insides, &genrelab::NetworkInsidesDialog::computed, insides,
                     [insides, grab] { QTimer::singleShot(800, insides, grab); }, Qt::SingleShotConnection);
    QTimer::singleShot(60000, insides, grab);
}

// --screenshot FILE: picture the workspace --screenshot-tab names once the dataset is
// open (after --screenshot-training N epochs), then quit.
void screenshotWhenReady(MainWindow *window, const genrelab::GuiOptions &options)
{
    const QCommandLineParser &parser = options.parser;
    // The README's size (or the one asked for, to check a small screen), whatever
    // geometry was remembered.
    const QStringList size = parser.value(options.size).split(u'x');
    window->resize(size.value(0).toInt() > 0 ? size.value(0).toInt() : 1280, size.value(1).toInt() > 0 ? size.value(1).toInt() : 800);
    const QString file = parser.value(options.screenshot);
    const QString tabName = parser.value(options.tab);
    const bool withEvidence = parser.isSet(options.evidence);
    const auto grabAndQuit = [window, file, tabName, withEvidence] {
        if (tabName == QLatin1String("evaluate")) {
            window->workspaces()->setCurrentWidget(window->evaluate());
            window->evaluate()->cellView()->selectRow(0);
        } else if (tabName == QLatin1String("tag")) {
            window->workspaces()->setCurrentWidget(window->tag());
            window->tag()->acceptAboveThreshold();
            window->tag()->view()->selectRow(0);
        } else if (tabName == QLatin1String("train")) {
            window->workspaces()->setCurrentWidget(window->train());
        } else { // explore, also when none is named: not the workspace remembered from last time
            window->workspaces()->setCurrentWidget(window->explore());
        }
        const auto grab = [window, file] {
            QTimer::singleShot(800, window, [window, file] {
                window->grab().save(file);
                QApplication::quit();
            });
        };
        if (tabName == QLatin1String("map")) { // Evaluate's embedding map window, once computed
            window->workspaces()->setCurrentWidget(window->evaluate());
            genrelab::EmbeddingMapDialog *map = window->evaluate()->showEmbeddingMap();
            if (map) {
                QObject::connect(map, &genrelab::EmbeddingMapDialog::computed, map, [map, file] {
                    QTimer::singleShot(800, map, [map, file] {
                        map->grab().save(file);
                        QApplication::quit();
                    });
                });
                return;
            }
        }
        if (tabName == QLatin1String("insides")) {
            grabInsides(window, file);
            return;
        }
        genrelab::EvidenceControls *controls = tabName == QLatin1String("evaluate") ? window->evaluate()->inspector()->evidence()
                                                                                    : window->explore()->evidence();
        if (withEvidence && tabName != QLatin1String("train") && tabName != QLatin1String("tag")) {
            QObject::connect(controls, &genrelab::EvidenceControls::evidenceShown, window, grab, Qt::SingleShotConnection);
            controls->setEvidenceShown(true);
            QTimer::singleShot(60000, window, grab); // no model: picture what it says
        } else {
            grab();
        }
    };
    if (parser.isSet(options.trainFirst)) {
        const int epochs = parser.value(options.trainFirst).toInt();
        QObject::connect(window, &MainWindow::datasetOpened, window, [window, epochs] {
            window->workspaces()->setCurrentWidget(window->train());
            window->train()->epochsBox()->setValue(epochs);
            window->train()->start();
        });
        QObject::connect(window->train(), &genrelab::TrainWorkspace::runFinished, window, grabAndQuit);
    } else {
        QObject::connect(window, &MainWindow::datasetOpened, window, grabAndQuit);
    }
}

} // namespace

extern "C" QWidget *genrelab_gui_open(const genrelab::GuiOptions &options)
{
    auto *window = new MainWindow;
    window->show();
    if (options.parser.isSet(options.screenshot))
        screenshotWhenReady(window, options);
    if (options.parser.isSet(options.demo))
        window->openDemo();
    else
        window->openPaths(options.parser.positionalArguments()); // none: the last dataset, else the demo
    return window;
}
