#include "BenchCommand.h"

#include "DistributedBench.h"
#include "OptionValues.h"

#include "data/AudioFileScanner.h"
#include "data/DatasetLoader.h"
#include "data/DatasetOpener.h"
#include "data/FeatureCache.h"
#include "data/FeaturizeBenchmark.h"
#include "dsp/FeatureContract.h"
#include "library/LibraryAnalyzer.h"
#include "library/LibraryCatalog.h"
#include "ml/BundleConverter.h"
#include "ml/CachedTrainBenchmark.h"
#include "ml/DataParallelBenchmark.h"
#include "ml/PointProjection.h"
#include "ml/Saliency.h"
#include "ml/TrainBenchmark.h"
#include "util/Error.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>

#include <QFileInfo>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <random>

namespace genrelab::cli {

int BenchCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("WHAT"), QStringLiteral("featurize"));
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("Dataset folder (for featurize)."));
    parser.addOptions({
        {QStringLiteral("threads"), QStringLiteral("Worker threads (default: all cores)."), QStringLiteral("N")},
        {QStringLiteral("repeat"), QStringLiteral("Timed passes; the best is reported (default 3)."), QStringLiteral("R"),
         QStringLiteral("3")},
        {QStringLiteral("batch"), QStringLiteral("Training batch size (train; default 64)."), QStringLiteral("B"),
         QStringLiteral("64")},
        {QStringLiteral("steps"), QStringLiteral("Timed training steps (train; default 10)."), QStringLiteral("K"),
         QStringLiteral("10")},
        {QStringLiteral("world-size"), QStringLiteral("train: also as N local data-parallel ranks, and the speed-up."), QStringLiteral("N")},
        {QStringLiteral("model"), QStringLiteral("Model for tag (default: an untrained CRNN, as fast)."), QStringLiteral("MODEL")},
        {QStringLiteral("no-tsne"), QStringLiteral("explain: skip the t-SNE figure (about a minute).")},
        {QStringLiteral("windows"), QStringLiteral("Windows per track for tag (default 10)."), QStringLiteral("N"),
         QStringLiteral("10")},
        {QStringLiteral("generate"), QStringLiteral("dataset: write N tagged files into DIR first (DIR must not exist)."),
         QStringLiteral("N")},
        {QStringLiteral("from-cache"), QStringLiteral("train: the real path — the trainer on DATASET's feature cache, "
                                                      "validation and checkpoints included — beside the synthetic steps."),
         QStringLiteral("DATASET")},
        {QStringLiteral("epochs"), QStringLiteral("train --from-cache: epochs to time, the fastest reported (default 2)."),
         QStringLiteral("N"), QStringLiteral("2")},
    });
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    const QStringList words = parser.positionalArguments();
    if (words.value(0) == QLatin1String("featurize"))
        return featurize(parser);
    if (words.value(0) == QLatin1String("cache"))
        return cache(parser);
    if (words.value(0) == QLatin1String("tag"))
        return tag(parser);
    if (words.value(0) == QLatin1String("explain"))
        return explain(parser);
    if (words.value(0) == QLatin1String("dataset") && words.size() == 2)
        return dataset(parser);
    if (words.value(0) == QLatin1String("train") && parser.isSet(QStringLiteral("world-size"))) {
        const OptionValues values(parser);
        return DistributedBench::run(values.integer(QStringLiteral("world-size"), 1, 64, 2), threadsOption(parser),
                                     values.integer(QStringLiteral("batch"), 1, 4096, 64), values.integer(QStringLiteral("steps"), 1, 100000, 10));
    }
    if (words.value(0) == QLatin1String("train-rank")) { // one rank of the above (WORLD_SIZE etc. set by it)
        const OptionValues values(parser);
        print(DataParallelBenchmark::run(threadsOption(parser), values.integer(QStringLiteral("batch"), 1, 4096, 64),
                                         values.integer(QStringLiteral("steps"), 1, 100000, 10))
                  .line());
        return 0;
    }
    if (words.value(0) == QLatin1String("train") && parser.isSet(QStringLiteral("from-cache")))
        return trainFromCache(parser);
    if (words.value(0) == QLatin1String("train")) {
        const OptionValues values(parser);
        print(TrainBenchmark::run(threadsOption(parser), values.integer(QStringLiteral("batch"), 1, 4096, 64),
                                  values.integer(QStringLiteral("steps"), 1, 100000, 10))
                  .line());
        return 0;
    }
    return fail(QStringLiteral("usage: genrelab-cli bench featurize DIR [--threads N] [--repeat R]\n"
                               "       genrelab-cli bench cache CACHE_FILE\n"
                               "       genrelab-cli bench train [--threads N] [--batch 64] [--steps 10] [--world-size N]\n"
                               "       genrelab-cli bench train --from-cache DATASET [--threads N] [--batch 64] [--epochs 2]\n"
                               "       genrelab-cli bench tag DIR [--model MODEL] [--windows 10] [--threads N] [--repeat R]\n"
                               "       genrelab-cli bench explain [--model MODEL] [--threads N] [--repeat R]\n"
                               "       genrelab-cli bench dataset DIR [--generate N] [--threads N]"), 2);
}

int BenchCommand::trainFromCache(const QCommandLineParser &parser)
{
    const QString folder = parser.value(QStringLiteral("from-cache"));
    if (!QFileInfo(folder).isDir())
        return fail(QStringLiteral("bench train --from-cache needs a dataset folder, got \"%1\"").arg(folder), 2);
    const OptionValues values(parser);
    const int batch = values.integer(QStringLiteral("batch"), 1, 4096, 64), epochs = values.integer(QStringLiteral("epochs"), 1, 1000, 2);
    const DatasetOpener::Opened opened = DatasetOpener::open(folder, threadsOption(parser), nullptr); // featurises what is missing
    print(opened.summary);
    print(CachedTrainBenchmark::run(opened.dataset, opened.cache, threadsOption(parser), batch, epochs).line());
    return 0;
}

int BenchCommand::featurize(const QCommandLineParser &parser)
{
    const QString folder = parser.positionalArguments().value(1);
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        return fail(QStringLiteral("bench featurize needs a dataset folder, got \"%1\"").arg(folder), 2);
    const QStringList files = AudioFileScanner::scan(folder);
    if (files.isEmpty())
        return fail(folder + QStringLiteral(": no audio files found"));
    const auto result = FeaturizeBenchmark::run(files, threadsOption(parser), OptionValues(parser).integer(QStringLiteral("repeat"), 1, 1000, 3));
    print(result.line());
    return 0;
}

} // namespace genrelab::cli

namespace genrelab::cli {

namespace {
double residentMegabytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1.0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toDouble() * 4096.0 / 1e6 : -1.0;
}
} // namespace

int BenchCommand::cache(const QCommandLineParser &parser)
{
    const QString path = parser.positionalArguments().value(1);
    try {
        const double rssBefore = residentMegabytes();
        QElapsedTimer clock;
        clock.start();
        const FeatureCache cache = FeatureCache::open(path);
        const double openMs = clock.nsecsElapsed() / 1e6;
        const double rssOpen = residentMegabytes();
        clock.restart();
        double checksum = 0.0;
        for (int t = 0; t < cache.trackCount(); ++t) {
            for (float v : cache.trackFeatures(t))
                checksum += v;
        }
        const double readSeconds = clock.nsecsElapsed() / 1e9;
        const double megabytes = double(cache.snippetCount()) * 13000.0 * 4.0 / 1e6;
        print(QStringLiteral("genrelab_cache tracks=%1 snippets=%2 feature_mb=%3 open_ms=%4 rss_growth_on_open_mb=%5 "
                             "full_read_s=%6 read_mb_per_s=%7 checksum=%8")
                  .arg(cache.trackCount()).arg(cache.snippetCount()).arg(megabytes, 0, 'f', 1)
                  .arg(openMs, 0, 'f', 2).arg(rssOpen - rssBefore, 0, 'f', 1).arg(readSeconds, 0, 'f', 3)
                  .arg(megabytes / readSeconds, 0, 'f', 0).arg(checksum, 0, 'g', 8));
        return 0;
    } catch (const Error &error) {
        return fail(error.message());
    }
}

} // namespace genrelab::cli

namespace genrelab::cli {

namespace {
// --model, or an untrained ten-genre CRNN: the same architecture costs the same time.
QString modelOrUntrained(const QCommandLineParser &parser, const QTemporaryDir &scratch)
{
    QString model = parser.value(QStringLiteral("model"));
    if (model.isEmpty()) {
        model = scratch.filePath(QStringLiteral("untrained.genrelab"));
        BundleConverter::untrained({QStringLiteral("blues"), QStringLiteral("classical"), QStringLiteral("country"),
                                    QStringLiteral("disco"), QStringLiteral("hiphop"), QStringLiteral("jazz"),
                                    QStringLiteral("metal"), QStringLiteral("pop"), QStringLiteral("reggae"),
                                    QStringLiteral("rock")}).write(model);
    }
    return model;
}
} // namespace

// The tagging pipeline end to end on a folder: scan, tags, windows, inference, catalog.
int BenchCommand::tag(const QCommandLineParser &parser)
{
    const QString folder = parser.positionalArguments().value(1);
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        return fail(QStringLiteral("bench tag needs a music folder, got \"%1\"").arg(folder), 2);
    const int windows = OptionValues(parser).integer(QStringLiteral("windows"), 1, 100, 10);
    const int repeat = OptionValues(parser).integer(QStringLiteral("repeat"), 1, 1000, 3);
    QTemporaryDir scratch;
    try {
        const QString model = modelOrUntrained(parser, scratch);
        double best = 0.0;
        LibraryAnalyzer::Result result;
        for (int pass = 0; pass < repeat; ++pass) {
            LibraryCatalog catalog(scratch.filePath(QStringLiteral("pass%1.sqlite").arg(pass)));
            result = LibraryAnalyzer::analyze(folder, catalog, {model, windows, threadsOption(parser)});
            best = std::max(best, result.files / std::max(1e-9, result.seconds));
        }
        const int threads = threadsOption(parser) > 0 ? threadsOption(parser) : QThread::idealThreadCount();
        print(QStringLiteral("files=%1 failed=%2 windows=%3 threads=%4 passes=%5 (best) tracks_per_s=%6")
                  .arg(result.files).arg(result.failed).arg(windows).arg(threads).arg(repeat).arg(best, 0, 'f', 2));
        return 0;
    } catch (const Error &error) {
        return fail(error.message());
    }
}

namespace {

// The embedding map's projections at the sizes the GUI promises to keep interactive:
// PCA of 10 000 vectors of 64 (the CRNN's), t-SNE of 5 000; ten clusters of noise.
QStringList embeddingFigures(bool skipTsne)
{
    const auto timed = [](std::size_t n, const auto &project) {
        std::mt19937 random(1);
        std::normal_distribution<float> noise(0.0f, 1.0f);
        std::vector<float> vectors(n * 64);
        for (std::size_t i = 0; i < vectors.size(); ++i)
            vectors[i] = noise(random) + ((i % 64) == (i / 64) % 10 ? 6.0f : 0.0f);
        QElapsedTimer clock;
        clock.start();
        project(vectors, n);
        return clock.nsecsElapsed() / 1e9;
    };
    QStringList figures;
    figures << QStringLiteral("pca_10000x64_s=%1").arg(timed(10000, [](const std::vector<float> &v, std::size_t n) {
        PointProjection::pca(v, n, 64);
    }), 0, 'f', 3);
    if (!skipTsne)
        figures << QStringLiteral("tsne_5000_s=%1").arg(timed(5000, [](const std::vector<float> &v, std::size_t n) {
            PointProjection::tsne(v, n, 64, {});
        }), 0, 'f', 1);
    return figures;
}

} // namespace

// Each saliency method on one snippet of noise in the contract's dB range, after one
// warm-up map (oneDNN picks its kernels on the first call); the best of --repeat.
int BenchCommand::explain(const QCommandLineParser &parser)
{
    const int repeat = OptionValues(parser).integer(QStringLiteral("repeat"), 1, 1000, 3);
    const int threads = threadsOption(parser);
    QTemporaryDir scratch;
    try {
        const Saliency saliency(modelOrUntrained(parser, scratch), threads);
        std::mt19937 random(1);
        std::normal_distribution<float> noise(-40.0f, 10.0f);
        std::vector<float> snippet(FeatureContract::valuesPerSnippet);
        for (float &v : snippet)
            v = std::clamp(noise(random), -80.0f, 0.0f);
        QStringList figures;
        for (const auto method : {Saliency::Method::Occlusion, Saliency::Method::IntegratedGradients, Saliency::Method::GradCam}) {
            Saliency::Options options;
            options.method = method;
            saliency.explain(snippet, options);
            double best = 1e9;
            for (int pass = 0; pass < repeat; ++pass) {
                QElapsedTimer clock;
                clock.start();
                saliency.explain(snippet, options);
                best = std::min(best, clock.nsecsElapsed() / 1e9);
            }
            figures << QStringLiteral("%1_s_per_snippet=%2").arg(Saliency::methodName(method).replace(u'-', u'_')).arg(best, 0, 'f', 3);
        }
        figures << embeddingFigures(parser.isSet(QStringLiteral("no-tsne")));
        print(QStringLiteral("genrelab_explain threads=%1 passes=%2 (best) ").arg(threads > 0 ? threads : QThread::idealThreadCount()).arg(repeat)
              + figures.join(u' '));
        return 0;
    } catch (const Error &error) {
        return fail(error.message());
    }
}

} // namespace genrelab::cli

namespace genrelab::cli {

namespace {

QByteArray syncsafe(quint32 value)
{
    QByteArray bytes(4, '\0');
    for (int i = 3; i >= 0; --i) {
        bytes[i] = char(value & 0x7f);
        value >>= 7;
    }
    return bytes;
}

QByteArray id3Frame(const char *id, const QString &text)
{
    const QByteArray body = QByteArray(1, '\x03') + text.toUtf8(); // UTF-8
    return QByteArray(id) + syncsafe(quint32(body.size())) + QByteArray(2, '\0') + body;
}

// N files of an ID3v2.4 tag (genre in several spellings, artist) in front of 4 KB that
// stand for the audio: what opening a library reads, without the disk space of music.
void writeTaggedStubs(const QString &root, int count)
{
    static const char *const genres[] = {"Rock", "rock", "Hip Hop", "hip-hop", "Jazz", "Electronic", "Drum & Bass",
                                         "drum and bass", "Classical", "(17)", "Folk", "Pop", "Soul", "Reggae", "Metal",
                                         "Blues", "Country", "Ambient", "Punk", "House"};
    const QByteArray audio(4096, '\0');
    for (int i = 0; i < count; ++i) {
        const QString folder = root + QStringLiteral("/%1").arg(i / 500, 3, 10, QLatin1Char('0'));
        if (i % 500 == 0)
            QDir().mkpath(folder);
        const QByteArray frames = id3Frame("TCON", QString::fromUtf8(genres[i % 20]))
                                  + id3Frame("TPE1", QStringLiteral("Artist %1").arg(i % (count / 8 + 1)))
                                  + id3Frame("TIT2", QStringLiteral("Track %1").arg(i));
        QFile file(folder + QStringLiteral("/%1.mp3").arg(i, 6, 10, QLatin1Char('0')));
        if (!file.open(QIODevice::WriteOnly))
            throw Error(Error::Kind::WriteFailed, file.fileName(), file.errorString());
        file.write(QByteArray("ID3\x04\x00\x00", 6) + syncsafe(quint32(frames.size())) + frames + audio);
    }
}

double peakResidentMegabytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1.0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1.0;
}

} // namespace

// Opening a library labelled by its tags: the scan and the tag reading, nothing decoded.
int BenchCommand::dataset(const QCommandLineParser &parser)
{
    const QString root = parser.positionalArguments().value(1);
    try {
        if (parser.isSet(QStringLiteral("generate"))) {
            if (QFileInfo::exists(root))
                return fail(root + QStringLiteral(": exists; --generate writes a new folder"), 2);
            const int count = OptionValues(parser).integer(QStringLiteral("generate"), 1, 1000000, 20000);
            QElapsedTimer writing;
            writing.start();
            writeTaggedStubs(root, count);
            print(QStringLiteral("wrote %1 tagged files in %2 s").arg(count).arg(writing.nsecsElapsed() / 1e9, 0, 'f', 1));
        }
        DatasetOptions options;
        options.labels = DatasetOptions::Labels::Tags;
        options.threads = threadsOption(parser);
        QElapsedTimer clock;
        clock.start();
        const Dataset dataset = DatasetLoader::open(root, options);
        const double seconds = clock.nsecsElapsed() / 1e9;
        print(QStringLiteral("genrelab_dataset tracks=%1 classes=%2 left_out=%3 unlabelled=%4 threads=%5 open_s=%6 "
                             "peak_rss_mb=%7")
                  .arg(dataset.trackCount()).arg(dataset.labels().size()).arg(dataset.notes().leftOut.size())
                  .arg(dataset.unlabelledCount()).arg(options.threads > 0 ? options.threads : QThread::idealThreadCount())
                  .arg(seconds, 0, 'f', 2).arg(peakResidentMegabytes(), 0, 'f', 0));
        return 0;
    } catch (const Error &error) {
        return fail(error.message());
    }
}

} // namespace genrelab::cli
