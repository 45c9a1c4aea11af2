#pragma once

#include <QDateTime>
#include <QString>

namespace genrelab {

// One planned genre change: the file as it was when analysed (size and modification
// time, to notice a file changed on disk since), its genre then, and the new one.
struct TagChange
{
    QString path;
    QString oldGenre; // empty: the file had no genre
    QString newGenre;
    qint64 size = -1;
    QDateTime modified;

    bool changesSomething() const { return oldGenre != newGenre; }
};

} // namespace genrelab
