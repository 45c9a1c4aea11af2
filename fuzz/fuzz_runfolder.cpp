// A run folder on arbitrary bytes: the input is cut at each "\0GLFILE\0" into, in
// order, config.json, metrics.csv, predictions.csv, confusion.csv and
// confusion-epochs.csv (a missing part: no such file; a sixth part, best.pt in the
// seeds, is written but not read here: see CMakeLists.txt). The folder is read the way
// the run list, Evaluate and the report read a stranger's run (RunResults and its
// evaluations). Only genrelab::Error may come out, and nothing may trust a size, a
// count or a label the files merely claim.
#include "ml/RunResults.h"
#include "util/Error.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstring>
#include <string_view>

namespace {

constexpr std::string_view kSeparator("\0GLFILE\0", 8);
const char *const kFiles[] = {"config.json", "metrics.csv", "predictions.csv", "confusion.csv", "confusion-epochs.csv", "best.pt"};

void writeParts(const QDir &dir, std::string_view input)
{
    for (const char *name : kFiles) {
        if (input.empty())
            return;
        const std::size_t cut = input.find(kSeparator);
        const std::string_view part = input.substr(0, cut);
        QFile file(dir.filePath(QString::fromLatin1(name)));
        if (file.open(QIODevice::WriteOnly))
            file.write(part.data(), qint64(part.size()));
        input = cut == std::string_view::npos ? std::string_view() : input.substr(cut + kSeparator.size());
    }
}

void readEveryWay(const QString &path)
{
    try {
        const genrelab::RunResults run = genrelab::RunResults::load(path);
        volatile double sink = run.bestValidAccuracy() + run.testAccuracy();
        for (genrelab::SplitPart part : {genrelab::SplitPart::Valid, genrelab::SplitPart::Test}) {
            const genrelab::Evaluation evaluation = run.evaluation(part);
            sink = sink + evaluation.snippetAccuracy() + evaluation.trackAccuracyVote();
            for (int c = 0; c < evaluation.classes(); ++c) // as the per-class table asks
                sink = sink + evaluation.f1(c) + evaluation.f1(c, genrelab::Evaluation::Level::Tracks);
        }
        for (const genrelab::EpochConfusion &epoch : run.epochConfusions())
            sink = sink + double(epoch.counts.size());
    } catch (const genrelab::Error &) {
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static QTemporaryDir root; // one folder, emptied per input: no disk growth
    const QDir dir(root.path());
    for (const char *name : kFiles)
        QFile::remove(dir.filePath(QString::fromLatin1(name)));
    writeParts(dir, std::string_view(reinterpret_cast<const char *>(data), size));
    readEveryWay(dir.path());
    return 0;
}
