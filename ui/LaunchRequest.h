#pragma once

#include <QString>
#include <QStringList>

namespace genrelab {

// What the paths given to `genrelab` (the command line, a file manager through the
// desktop entry's %F) ask for: a dataset folder, a run folder (it holds config.json),
// a .genrelab model bundle, or audio files (their folder is opened and they are
// selected). Anything else is refused with the reason.
// Thread contract: a value; any thread (reads the file system).
struct LaunchRequest
{
    enum class Kind { Nothing, Dataset, Run, Model, AudioFiles, Invalid };
    Kind kind = Kind::Nothing;
    QString path;      // the dataset or run folder, the bundle, or the audio files' folder
    QStringList files; // AudioFiles: the files, absolute
    QString problem;   // Invalid: one line naming the path and why

    static LaunchRequest classify(const QStringList &paths);
};

} // namespace genrelab
