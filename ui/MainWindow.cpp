#include "MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

namespace genrelab {

namespace {
QWidget *placeholder(const QString &text)
{
    auto *label = new QLabel(text);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setEnabled(false);
    return label;
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("GenreLab"));
    setObjectName(QStringLiteral("MainWindow"));
    createWorkspaces();
    createActions();
    statusBar()->showMessage(tr("Ready"));
    restoreSettings();
}

MainWindow::~MainWindow() = default;

void MainWindow::createWorkspaces()
{
    m_workspaces = new QTabWidget(this);
    m_workspaces->setObjectName(QStringLiteral("workspaces"));
    m_workspaces->setDocumentMode(true);
    m_workspaces->addTab(placeholder(tr("Explore: tracks, waveforms and the mel-spectrograms the network sees.")),
                         tr("&Explore"));
    m_workspaces->addTab(placeholder(tr("Train: run settings and live loss and accuracy curves.")), tr("&Train"));
    m_workspaces->addTab(placeholder(tr("Evaluate: the confusion matrix, down to the confused snippets.")),
                         tr("E&valuate"));
    m_workspaces->addTab(placeholder(tr("Tag library: genre suggestions for your own music, reviewed before writing.")),
                         tr("Ta&g library"));
    setCentralWidget(m_workspaces);
}

void MainWindow::createActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About GenreLab"), this, &MainWindow::showAbout);
    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About GenreLab"),
                       tr("<b>GenreLab %1</b><p>Explore music-genre classification end to end: mel-spectrograms, "
                          "CRNN training, confusion matrices and tagging your own library.</p>")
                           .arg(QApplication::applicationVersion()));
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_workspaces->setCurrentIndex(settings.value(QStringLiteral("window/workspace"), 0).toInt());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/workspace"), m_workspaces->currentIndex());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}

} // namespace genrelab
