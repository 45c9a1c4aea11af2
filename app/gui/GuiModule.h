#pragma once

class QWidget;

namespace genrelab {
struct GuiOptions;
}

// The one entry point of genrelab-gui.so: the main window with everything behind it
// (genrelab_ui, genrelab_core, LibTorch). The genrelab executable shows a first window,
// then loads this module (issue 24, item 4). Makes, shows and returns the main window as
// `options` ask (dataset to open, screenshots); the caller owns it and deletes it after
// the event loop. Null only where nothing can be shown.
extern "C" QWidget *genrelab_gui_open(const genrelab::GuiOptions &options);

namespace genrelab {

using GuiOpenFunction = QWidget *(*)(const GuiOptions &);
inline constexpr char kGuiModuleFile[] = "genrelab-gui.so";
inline constexpr char kGuiEntryPoint[] = "genrelab_gui_open";

} // namespace genrelab
