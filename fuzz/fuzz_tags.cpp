// Bytes → tags: what `tag --write` does to a stranger's music file. TagLib picks the
// format by the file's extension, so the first byte chooses one; the rest is the file,
// written to a temporary file, then read, checked, tagged (working copy, read back,
// rename) and read again. Errors must be genrelab::Error; anything else (a crash, a
// leak, UB, a hang) is a finding.
// TagLib is Debian's build, not instrumented: coverage guides the fuzzer through our
// code and TagLib's entry points only, and a memory error inside TagLib shows up only
// when it crashes or corrupts the heap (ASan still checks every malloc and free).
#include "library/TagFile.h"
#include "util/Error.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <array>

namespace {

constexpr std::array kExtensions{"mp3", "flac", "ogg", "opus", "m4a", "wav", "aiff",
                                 "wma", "ape", "wv",   "mpc", "spx", "tta"};

const QTemporaryDir &workFolder()
{
    static const QTemporaryDir folder(QDir::tempPath() + QStringLiteral("/genrelab-fuzz-tags-XXXXXX"));
    return folder;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QString path = workFolder().filePath(QStringLiteral("track.") + QLatin1String(kExtensions[data[0] % kExtensions.size()]));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return 0;
        file.write(reinterpret_cast<const char *>(data + 1), qint64(size - 1));
    }
    try {
        genrelab::TagFile::read(path);
    } catch (const genrelab::Error &) {
    }
    try {
        genrelab::TagFile::writeGenre(path, QStringLiteral("Jazz"));
        genrelab::TagFile::read(path);
    } catch (const genrelab::Error &) {
    }
    QFile::remove(path);
    return 0;
}
