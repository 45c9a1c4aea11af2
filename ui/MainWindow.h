#pragma once

#include <QMainWindow>

class QTabWidget;

namespace genrelab {

// The one main window: toolbar, four workspaces (Explore, Train, Evaluate, Tag
// library) as tabs, and a status bar for background jobs. Geometry and the current
// workspace are remembered between sessions (QSettings).
// Thread contract: GUI thread only.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    QTabWidget *workspaces() const { return m_workspaces; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createWorkspaces();
    void restoreSettings();
    void saveSettings() const;
    void showAbout();

    QTabWidget *m_workspaces = nullptr;
};

} // namespace genrelab
