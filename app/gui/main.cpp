// genrelab: the desktop application. All of it lives in genrelab_ui and genrelab_core.
#include "MainWindow.h"
#include "evaluate/EmbeddingMapDialog.h"
#include "evaluate/EvaluateWorkspace.h"
#include "evaluate/SnippetInspector.h"
#include "explore/ExploreWorkspace.h"
#include "tag/TagWorkspace.h"
#include "train/TrainWorkspace.h"
#include "util/DataHome.h"
#include "views/EvidenceControls.h"

#include <QSpinBox>
#include <QTableView>
#include <QTabWidget>

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    // One name for data, cache and settings, shared with genrelab-cli (util/DataHome.h):
    // QSettings() is then ~/.config/genrelab/genrelab.conf. Windows still say "GenreLab".
    QApplication::setApplicationName(QString::fromLatin1(genrelab::DataHome::applicationName));
    QApplication::setOrganizationName(QString::fromLatin1(genrelab::DataHome::applicationName));
    QApplication::setApplicationDisplayName(QStringLiteral("GenreLab"));
    QApplication::setApplicationVersion(QStringLiteral(GENRELAB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.genrelab.GenreLab"));

    for (const QString &line : genrelab::DataHome::migrate())
        qInfo("%s", qPrintable(line));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Explore music-genre classification end to end."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("PATH"),
                                 QStringLiteral("A dataset folder, a run folder (opened in Evaluate), a .genrelab model "
                                                "(Tag library) or audio files (their folder, them selected). Default: the "
                                                "last dataset, else the built-in demo."),
                                 QStringLiteral("[PATH...]"));
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Open the synthesised demo dataset."));
    parser.addOption(demo);
    // For the README's pictures: grab the window once the dataset is open, then quit.
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Save a PNG of the window once the dataset is open, then quit."),
                                        QStringLiteral("FILE"));
    parser.addOption(screenshot);
    const QCommandLineOption trainFirst(QStringLiteral("screenshot-training"),
                                        QStringLiteral("With --screenshot: train N epochs first and picture the Train workspace."),
                                        QStringLiteral("N"));
    parser.addOption(trainFirst);
    const QCommandLineOption tab(QStringLiteral("screenshot-tab"),
                                 QStringLiteral("With --screenshot: the workspace to picture (explore, train, evaluate, tag), or map (Evaluate's embedding map)."),
                                 QStringLiteral("NAME"));
    parser.addOption(tab);
    const QCommandLineOption evidence(QStringLiteral("screenshot-evidence"),
                                      QStringLiteral("With --screenshot of explore or evaluate: show the selected snippet's evidence first."));
    parser.addOption(evidence);
    parser.process(app);

    genrelab::MainWindow window;
    window.show();
    if (parser.isSet(screenshot)) {
        window.resize(1280, 800); // the README's size, whatever geometry was remembered
        const QString file = parser.value(screenshot);
        const QString tabName = parser.value(tab);
        const bool withEvidence = parser.isSet(evidence);
        const auto grabAndQuit = [&window, file, tabName, withEvidence] {
            if (tabName == QLatin1String("evaluate")) {
                window.workspaces()->setCurrentWidget(window.evaluate());
                window.evaluate()->cellView()->selectRow(0);
            } else if (tabName == QLatin1String("tag")) {
                window.workspaces()->setCurrentWidget(window.tag());
                window.tag()->acceptAboveThreshold();
                window.tag()->view()->selectRow(0);
            } else if (tabName == QLatin1String("train")) {
                window.workspaces()->setCurrentWidget(window.train());
            } else { // explore, also when none is named: not the workspace remembered from last time
                window.workspaces()->setCurrentWidget(window.explore());
            }
            const auto grab = [&window, file] {
                QTimer::singleShot(800, &window, [&window, file] {
                    window.grab().save(file);
                    QApplication::quit();
                });
            };
            if (tabName == QLatin1String("map")) { // Evaluate's embedding map window, once computed
                window.workspaces()->setCurrentWidget(window.evaluate());
                genrelab::EmbeddingMapDialog *map = window.evaluate()->showEmbeddingMap();
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
            genrelab::EvidenceControls *controls = tabName == QLatin1String("evaluate") ? window.evaluate()->inspector()->evidence()
                                                                                        : window.explore()->evidence();
            if (withEvidence && tabName != QLatin1String("train") && tabName != QLatin1String("tag")) {
                QObject::connect(controls, &genrelab::EvidenceControls::evidenceShown, &window, grab, Qt::SingleShotConnection);
                controls->setEvidenceShown(true);
                QTimer::singleShot(60000, &window, grab); // no model: picture what it says
            } else {
                grab();
            }
        };
        if (parser.isSet(trainFirst)) {
            const int epochs = parser.value(trainFirst).toInt();
            QObject::connect(&window, &genrelab::MainWindow::datasetOpened, &window, [&window, epochs] {
                window.workspaces()->setCurrentWidget(window.train());
                window.train()->epochsBox()->setValue(epochs);
                window.train()->start();
            });
            QObject::connect(window.train(), &genrelab::TrainWorkspace::runFinished, &window, grabAndQuit);
        } else {
            QObject::connect(&window, &genrelab::MainWindow::datasetOpened, &window, grabAndQuit);
        }
    }
    if (parser.isSet(demo))
        window.openDemo();
    else
        window.openPaths(parser.positionalArguments()); // none: the last dataset, else the demo
    return QApplication::exec();
}
