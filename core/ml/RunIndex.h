#pragma once

#include <QString>
#include <QStringList>

namespace genrelab {

// The runs GenreLab knows of, wherever they were written: one file in the data home
// (runs.index, one absolute run folder per line) that every new training run (GUI and
// CLI alike, through TrainingSession) and every run opened in the GUI is added to, so
// Evaluate lists a dataset's runs made anywhere. Folders that are gone are left out
// when read and dropped at the next write.
// Thread contract: stateless; concurrent processes serialise on a lock file beside it.
class RunIndex
{
public:
    static QString path();
    // Records `runDir` (made absolute); throws Error when the index cannot be written.
    static void add(const QString &runDir);
    // The recorded run folders that still exist, in the order they were added.
    static QStringList runs();
};

} // namespace genrelab
