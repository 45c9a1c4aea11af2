#include "DatasetLoader.h"

#include "AudioFileScanner.h"
#include "FmaLayout.h"
#include "TagLabelledLibrary.h"
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

namespace {

void requireFolder(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        throw Error(Error::Kind::FileMissing, path, QStringLiteral("folder not found"));
    if (!info.isDir() || !info.isReadable())
        throw Error(Error::Kind::Unreadable, path, QStringLiteral("is not a readable folder"));
}

void requireTracks(const Dataset &dataset, const QString &path)
{
    if (dataset.tracks().empty())
        throw Error(Error::Kind::NotAudio, path, QStringLiteral("no audio files found"),
                    QStringLiteral("supported: ") + AudioFileScanner::extensions().join(QStringLiteral(", ")));
}

// Tags that give fewer than two classes label nothing: the folder is one to tag, and its
// notes say what the tags gave (the single class is listed as left out).
Dataset unlabelledUnlessTwoClasses(Dataset tagged)
{
    if (tagged.labels().size() >= 2)
        return tagged;
    DatasetNotes notes = tagged.notes();
    notes.labelSource = QStringLiteral("none");
    const std::vector<int> counts = tagged.countsPerLabel();
    for (int i = 0; i < tagged.labels().size(); ++i)
        notes.leftOut.push_back({tagged.labels()[i], counts[std::size_t(i)],
                                 QStringLiteral("the only genre with enough tracks: training needs two")});
    std::vector<Track> tracks = std::move(tagged.tracks());
    for (Track &track : tracks) {
        track.label.clear();
        track.labelIndex = -1;
    }
    return Dataset(Dataset::Kind::UnlabelledFolder, tagged.rootPath(), {}, std::move(tracks), std::move(notes));
}

} // namespace

Dataset DatasetLoader::open(const QString &path, Expect expect)
{
    if (expect == Expect::Auto)
        return open(path, DatasetOptions{});
    requireFolder(path);
    Dataset dataset;
    const QString gtzanRoot = expect == Expect::Unlabelled ? QString() : findGtzanRoot(path);
    if (!gtzanRoot.isEmpty())
        dataset = labelledFromSubfolders(Dataset::Kind::Gtzan, gtzanRoot, subfolders(gtzanRoot));
    else if (expect == Expect::Unlabelled)
        dataset = unlabelled(path);
    else
        dataset = labelledFromSubfolders(Dataset::Kind::LabelledFolder, path, subfolders(path));

    requireTracks(dataset, path);
    if (expect == Expect::Labelled && dataset.labels().size() < 2)
        throw Error(Error::Kind::InvalidArgument, path,
                    QStringLiteral("a labelled dataset needs at least two sub-folders with audio, one per label"));
    return dataset;
}

Dataset DatasetLoader::open(const QString &path, const DatasetOptions &options)
{
    Dataset dataset = openLabelled(path, options);
    dataset.setWindowPolicy(options.windows);
    return dataset;
}

Dataset DatasetLoader::openLabelled(const QString &path, const DatasetOptions &options)
{
    using Labels = DatasetOptions::Labels;
    if (options.labels == Labels::Folders)
        return open(path, Expect::Labelled);
    requireFolder(path);
    Dataset dataset;
    if (options.labels == Labels::Fma) {
        dataset = FmaLayout::open(path, options);
    } else if (options.labels == Labels::Tags) {
        dataset = TagLabelledLibrary::open(path, AudioFileScanner::scan(path), options);
    } else if (const QString gtzanRoot = findGtzanRoot(path); !gtzanRoot.isEmpty()) {
        dataset = labelledFromSubfolders(Dataset::Kind::Gtzan, gtzanRoot, subfolders(gtzanRoot));
    } else if (FmaLayout::isFma(path)) {
        dataset = FmaLayout::open(path, options);
    } else if (labelsWithAudio(path) >= 2) {
        dataset = labelledFromSubfolders(Dataset::Kind::LabelledFolder, path, subfolders(path));
    } else {
        dataset = unlabelledUnlessTwoClasses(TagLabelledLibrary::open(path, AudioFileScanner::scan(path), options));
    }
    if (dataset.kind() != Dataset::Kind::Fma) // an FMA copy whose files are all missing says so in its notes
        requireTracks(dataset, path);
    return dataset;
}

} // namespace genrelab
