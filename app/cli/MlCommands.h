#pragma once

#include <QString>
#include <QStringList>

// The one entry point of genrelab-cli-ml.so, the module with the commands that need
// LibTorch (kNeedsLibTorch in CommandList.h). genrelab-cli loads it on demand, so that
// the other commands start without LibTorch (issue 24, item 4). Runs the command named
// `name` with `arguments` (the program, then the command's own words) and returns its
// exit status; nothing is thrown across. The caller has made the QCoreApplication.
extern "C" int genrelab_cli_ml_run(const QString &name, const QStringList &arguments);

namespace genrelab::cli {

using MlRunFunction = int (*)(const QString &, const QStringList &);
inline constexpr char kMlModuleFile[] = "genrelab-cli-ml.so";
inline constexpr char kMlEntryPoint[] = "genrelab_cli_ml_run";

} // namespace genrelab::cli
