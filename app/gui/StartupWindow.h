#pragma once

#include <QWidget>

namespace genrelab {

// What genrelab shows while it loads the rest of itself (genrelab-gui.so: the widgets,
// the core and LibTorch, most of a second): an empty window where the main window will
// be, with the same title and remembered geometry, so the desktop answers the click at
// once (issue 24, item 4). Qt Widgets only.
class StartupWindow : public QWidget
{
    Q_OBJECT
public:
    StartupWindow();

Q_SIGNALS:
    // Once, after the first paint: the window is on screen, loading may block now.
    void firstPainted();

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    bool m_painted = false;
};

} // namespace genrelab
