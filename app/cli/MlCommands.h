#pragma once

// The one entry point of genrelab-cli-ml.so, the module with the commands of
// CommandList.h marked kInModule. genrelab-cli loads it on demand, so that the other
// commands start without LibTorch (issue 24, item 4), and hands it its command line
// as main() got it, before any QCoreApplication exists: the module makes the
// application the command needs, runs the command argv[1] names and returns its exit
// status; nothing is thrown across.
extern "C" int genrelab_cli_ml_main(int &argc, char **argv);

namespace genrelab::cli {

using MlMainFunction = int (*)(int &, char **);
inline constexpr char kMlModuleFile[] = "genrelab-cli-ml.so";
inline constexpr char kMlEntryPoint[] = "genrelab_cli_ml_main";

} // namespace genrelab::cli
