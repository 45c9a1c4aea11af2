#include "DatasetLoader.h"

#include "AudioFileScanner.h"
#include "util/Error.h"

#include <QDir>
#include <QFileInfo>

namespace genrelab {

namespace {

QStringList subfolders(const QString &path)
{
    // Unreadable ones too: the scan lists such a folder as a bad entry with the reason,
    // where leaving it out made a whole label vanish.
    return QDir(path).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
}

int gtzanGenreFolderCount(const QString &path)
{
    int count = 0;
    for (const QString &name : subfolders(path))
        count += DatasetLoader::gtzanGenres().contains(name);
    return count;
}

Track makeTrack(const QDir &root, const QString &path, const QString &label, int labelIndex)
{
    Track track;
    track.path = QFileInfo(path).absoluteFilePath();
    track.relativePath = root.relativeFilePath(track.path);
    track.label = label;
    track.labelIndex = labelIndex;
    return track;
}

Dataset labelledFromSubfolders(Dataset::Kind kind, const QString &root, const QStringList &labels)
{
    const QDir rootDir(root);
    std::vector<Track> tracks;
    QStringList kept;
    for (const QString &label : labels) {
        const QStringList files = AudioFileScanner::scan(rootDir.filePath(label));
        if (files.isEmpty())
            continue;
        const int labelIndex = int(kept.size());
        kept << label;
        for (const QString &file : files)
            tracks.push_back(makeTrack(rootDir, file, label, labelIndex));
    }
    return Dataset(kind, QFileInfo(root).absoluteFilePath(), kept, std::move(tracks));
}

Dataset unlabelled(const QString &root)
{
    const QDir rootDir(root);
    std::vector<Track> tracks;
    for (const QString &file : AudioFileScanner::scan(root))
        tracks.push_back(makeTrack(rootDir, file, QString(), -1));
    return Dataset(Dataset::Kind::UnlabelledFolder, QFileInfo(root).absoluteFilePath(), {}, std::move(tracks));
}

int labelsWithAudio(const QString &root)
{
    int count = 0;
    for (const QString &name : subfolders(root))
        count += !AudioFileScanner::scan(QDir(root).filePath(name)).isEmpty();
    return count;
}

} // namespace

const QStringList &DatasetLoader::gtzanGenres()
{
    static const QStringList genres = {
        QStringLiteral("blues"), QStringLiteral("classical"), QStringLiteral("country"), QStringLiteral("disco"),
        QStringLiteral("hiphop"), QStringLiteral("jazz"), QStringLiteral("metal"), QStringLiteral("pop"),
        QStringLiteral("reggae"), QStringLiteral("rock"),
    };
    return genres;
}

QString DatasetLoader::findGtzanRoot(const QString &path)
{
    const QDir dir(path);
    const QStringList candidates = {
        path,
        dir.filePath(QStringLiteral("genres")),
        dir.filePath(QStringLiteral("genres_original")),
        dir.filePath(QStringLiteral("Data/genres_original")),
        dir.filePath(QStringLiteral("gtzan/genres")),
    };
    for (const QString &candidate : candidates) {
        // Two genre folders is enough to recognise a (partial) copy; every sub-folder
        // must be a GTZAN genre, or it is someone's own collection.
        const int genreFolders = gtzanGenreFolderCount(candidate);
        if (genreFolders >= 2 && genreFolders == subfolders(candidate).size())
            return QFileInfo(candidate).absoluteFilePath();
    }
    return {};
}

Dataset DatasetLoader::open(const QString &path, Expect expect)
{
    const QFileInfo info(path);
    if (!info.exists())
        throw Error(Error::Kind::FileMissing, path, QStringLiteral("folder not found"));
    if (!info.isDir() || !info.isReadable())
        throw Error(Error::Kind::Unreadable, path, QStringLiteral("is not a readable folder"));

    Dataset dataset;
    const QString gtzanRoot = expect == Expect::Unlabelled ? QString() : findGtzanRoot(path);
    if (!gtzanRoot.isEmpty())
        dataset = labelledFromSubfolders(Dataset::Kind::Gtzan, gtzanRoot, subfolders(gtzanRoot));
    else if (expect == Expect::Unlabelled || (expect == Expect::Auto && labelsWithAudio(path) < 2))
        dataset = unlabelled(path);
    else
        dataset = labelledFromSubfolders(Dataset::Kind::LabelledFolder, path, subfolders(path));

    if (dataset.tracks().empty())
        throw Error(Error::Kind::NotAudio, path, QStringLiteral("no audio files found"),
                    QStringLiteral("supported: ") + AudioFileScanner::extensions().join(QStringLiteral(", ")));
    if (expect == Expect::Labelled && dataset.labels().size() < 2)
        throw Error(Error::Kind::InvalidArgument, path,
                    QStringLiteral("a labelled dataset needs at least two sub-folders with audio, one per label"));
    return dataset;
}

} // namespace genrelab
