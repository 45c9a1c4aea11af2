#include "DataSplit.h"

#include "ArtistSplit.h"
#include "util/Error.h"

#include <QDir>
#include <QFile>

#include <cmath>
#include <random>

// The embedded split lists live in a static library: their resource must be registered
// explicitly (Q_INIT_RESOURCE cannot be used inside a namespace).
static void registerSplitLists()
{
    Q_INIT_RESOURCE(splits);
}

namespace genrelab {

namespace {

// Fisher–Yates with mt19937_64, whose output the standard fixes: the same seed gives
// the same split on every platform (std::shuffle's algorithm is not specified).
void seededShuffle(std::vector<int> &items, std::uint64_t seed)
{
    std::mt19937_64 random(seed);
    for (std::size_t i = items.size(); i > 1; --i)
        std::swap(items[i - 1], items[std::size_t(random() % i)]);
}

// 80/10/10 of n items; with 3 or more items validation and test get at least one.
void assignStratum(std::vector<int> items, std::uint64_t seed, std::vector<SplitPart> &parts)
{
    seededShuffle(items, seed);
    const int n = int(items.size());
    const int minimum = n >= 3 ? 1 : 0;
    const int valid = std::max(minimum, int(std::lround(n * 0.1)));
    const int test = std::max(minimum, int(std::lround(n * 0.1)));
    const int train = n - valid - test;
    for (int i = 0; i < n; ++i)
        parts[std::size_t(items[std::size_t(i)])] = i < train ? SplitPart::Train
                                                    : i < train + valid ? SplitPart::Valid
                                                                        : SplitPart::Test;
}

QStringList readList(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        throw Error(Error::Kind::FileMissing, path, QStringLiteral("split list not found"));
    QStringList stems;
    for (const QByteArray &line : file.readAll().split('\n')) {
        const QString entry = QString::fromUtf8(line).trimmed();
        if (entry.isEmpty() || entry.startsWith(QLatin1Char('#')))
            continue;
        const QString name = entry.section(QLatin1Char('/'), -1);
        stems << name.left(name.lastIndexOf(QLatin1Char('.')) > 0 ? name.lastIndexOf(QLatin1Char('.')) : name.size());
    }
    return stems;
}

} // namespace

DataSplit DataSplit::byTrack(const Dataset &dataset, std::uint64_t seed)
{
    DataSplit split;
    split.m_kind = Kind::Track;
    split.m_seed = seed;
    split.m_trackParts.assign(dataset.tracks().size(), SplitPart::None);
    for (int label = 0; label < dataset.labels().size(); ++label) {
        std::vector<int> members;
        for (int t = 0; t < dataset.trackCount(); ++t) {
            if (dataset.tracks()[std::size_t(t)].labelIndex == label)
                members.push_back(t);
        }
        assignStratum(std::move(members), seed + std::uint64_t(label), split.m_trackParts);
    }
    return split;
}

DataSplit DataSplit::filtered(const Dataset &dataset, const QString &listsDir)
{
    DataSplit split;
    split.m_kind = Kind::Filtered;
    split.m_trackParts.assign(dataset.tracks().size(), SplitPart::None);
    registerSplitLists();
    const QString dir = listsDir.isEmpty() ? QStringLiteral(":/genrelab/splits") : listsDir;
    const std::pair<const char *, SplitPart> lists[] = {
        {"train_filtered.txt", SplitPart::Train}, {"valid_filtered.txt", SplitPart::Valid}, {"test_filtered.txt", SplitPart::Test}};
    for (const auto &[fileName, part] : lists) {
        for (const QString &stem : readList(QDir(dir).filePath(QString::fromLatin1(fileName)))) {
            const int track = dataset.findByStem(stem);
            if (track < 0)
                split.m_missing << stem;
            else
                split.m_trackParts[std::size_t(track)] = part;
        }
    }
    return split;
}

DataSplit DataSplit::bySnippet(const Dataset &dataset, std::uint64_t seed)
{
    DataSplit split;
    split.m_kind = Kind::Seed;
    split.m_seed = seed;
    const std::vector<SnippetRef> snippets = dataset.snippets();
    split.m_snippetParts.assign(snippets.size(), SplitPart::None);
    for (int label = 0; label < dataset.labels().size(); ++label) {
        std::vector<int> members;
        for (int s = 0; s < int(snippets.size()); ++s) {
            if (dataset.tracks()[std::size_t(snippets[std::size_t(s)].track)].labelIndex == label)
                members.push_back(s);
        }
        assignStratum(std::move(members), seed + std::uint64_t(label), split.m_snippetParts);
    }
    return split;
}

DataSplit DataSplit::byArtist(const Dataset &dataset, std::uint64_t seed)
{
    DataSplit split;
    split.m_kind = Kind::Artist;
    split.m_seed = seed;
    split.m_trackParts = ArtistSplit::parts(dataset, seed);
    return split;
}

DataSplit DataSplit::official(const Dataset &dataset)
{
    if (dataset.kind() != Dataset::Kind::Fma)
        throw Error(Error::Kind::InvalidArgument, dataset.rootPath(),
                    QStringLiteral("the official split is FMA's set.split; this dataset is %1").arg(dataset.kindName()));
    DataSplit split;
    split.m_kind = Kind::Official;
    split.m_trackParts = ArtistSplit::officialParts(dataset);
    return split;
}

DataSplit DataSplit::make(Kind kind, const Dataset &dataset, std::uint64_t seed)
{
    switch (kind) {
    case Kind::Track: return byTrack(dataset, seed);
    case Kind::Filtered: return filtered(dataset);
    case Kind::Seed: return bySnippet(dataset, seed);
    case Kind::Artist: return byArtist(dataset, seed);
    case Kind::Official: return official(dataset);
    }
    return byTrack(dataset, seed);
}

DataSplit DataSplit::everythingIn(const Dataset &dataset, SplitPart part)
{
    DataSplit split;
    split.m_kind = Kind::Track;
    split.m_trackParts.assign(dataset.tracks().size(), part);
    return split;
}

DataSplit DataSplit::ofTracks(Kind kind, std::uint64_t seed, std::vector<SplitPart> trackParts, QString description)
{
    DataSplit split;
    split.m_kind = kind == Kind::Seed ? Kind::Track : kind; // track-level by construction
    split.m_seed = seed;
    split.m_trackParts = std::move(trackParts);
    split.m_description = std::move(description);
    return split;
}

QString DataSplit::leakageWarning()
{
    return QStringLiteral("This is the study's own split of shuffled snippets: snippets of one track are in both "
                          "train and test, so its test accuracy overstates how well the model recognises new music.");
}

QString DataSplit::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Track: return QStringLiteral("track");
    case Kind::Filtered: return QStringLiteral("filtered");
    case Kind::Seed: return QStringLiteral("seed");
    case Kind::Artist: return QStringLiteral("artist");
    case Kind::Official: return QStringLiteral("official");
    }
    return {};
}

std::optional<DataSplit::Kind> DataSplit::parseKind(const QString &name)
{
    for (Kind kind : {Kind::Track, Kind::Filtered, Kind::Seed, Kind::Artist, Kind::Official}) {
        if (kindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

SplitPart DataSplit::partOfTrack(int track) const
{
    if (m_kind == Kind::Seed || track < 0 || std::size_t(track) >= m_trackParts.size())
        return SplitPart::None;
    return m_trackParts[std::size_t(track)];
}

SplitPart DataSplit::partOfSnippet(int snippet, const SnippetRef &ref) const
{
    if (m_kind == Kind::Seed)
        return snippet >= 0 && std::size_t(snippet) < m_snippetParts.size() ? m_snippetParts[std::size_t(snippet)]
                                                                           : SplitPart::None;
    return partOfTrack(ref.track);
}

std::vector<int> DataSplit::snippetsIn(const Dataset &dataset, SplitPart part) const
{
    std::vector<int> indices;
    const std::vector<SnippetRef> snippets = dataset.snippets();
    for (int s = 0; s < int(snippets.size()); ++s) {
        if (partOfSnippet(s, snippets[std::size_t(s)]) == part)
            indices.push_back(s);
    }
    return indices;
}

int DataSplit::tracksIn(SplitPart part) const
{
    return int(std::count(m_trackParts.begin(), m_trackParts.end(), part));
}

QString DataSplit::summary(const Dataset &dataset) const
{
    QString text;
    if (m_kind == Kind::Seed) {
        text = QStringLiteral("seed split (seed %1): %2 / %3 / %4 snippets")
                   .arg(m_seed)
                   .arg(snippetsIn(dataset, SplitPart::Train).size())
                   .arg(snippetsIn(dataset, SplitPart::Valid).size())
                   .arg(snippetsIn(dataset, SplitPart::Test).size());
        return text + QStringLiteral(". ") + leakageWarning();
    }
    const QString name = !m_description.isEmpty() ? m_description
                         : kindName(m_kind) + QStringLiteral(" split") + (m_kind == Kind::Track || m_kind == Kind::Artist ? QStringLiteral(" (seed %1)").arg(m_seed) : QString());
    text = QStringLiteral("%1: %2 / %3 / %4 tracks")
               .arg(name)
               .arg(tracksIn(SplitPart::Train)).arg(tracksIn(SplitPart::Valid)).arg(tracksIn(SplitPart::Test));
    if (!m_missing.isEmpty())
        text += QStringLiteral("; %1 listed track(s) are not in this dataset").arg(m_missing.size());
    return text;
}

} // namespace genrelab
