// Every input a fuzzer found a problem with, kept in tests/data/fuzz-regressions and
// named <reader>-<what>.<ext>, goes back through its reader here: it must end in a
// genrelab::Error or a result, with bounded memory (a fresh process per run of this
// test, so its peak memory is this reading's).
//   featurecache-forged-list-count.glfc: fuzz_featurecache, 60 s run — reading it took
//   the process to 2.1 GB under ASan (libFuzzer's out-of-memory) through QDataStream
//   reads of a damaged track table; every length in the table is now checked against
//   the bytes left, and it is refused as damaged at 77 MB. Since format 2 (a checksum of
//   the table) it is refused by its version; featurecache-forged-list-count-v2.glfc is the
//   same table in format 2 with a valid checksum, so the length checks are still reached.
#include "audio/AudioDecoder.h"
#include "data/FeatureCache.h"
#include "data/FeatureCacheFormat.h"
#include "dsp/FeatureContract.h"
#include "ml/ModelBundle.h"
#include "util/Error.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <sys/resource.h>
#include <unistd.h>

using namespace genrelab;

namespace {

long peakResidentMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

// Caps this process's address space a little above what it uses now, so that an
// allocation sized by a forged count fails (std::bad_alloc) instead of passing
// unnoticed thanks to lazy allocation — the way it would on a machine without memory
// to spare.
class AddressSpaceCap
{
public:
    explicit AddressSpaceCap(long headroomMb)
    {
        getrlimit(RLIMIT_AS, &m_before);
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
        Q_UNUSED(headroomMb); // sanitizers reserve terabytes of shadow memory: no cap there
        return;
#endif
        QFile statm(QStringLiteral("/proc/self/statm"));
        statm.open(QIODevice::ReadOnly);
        const long pages = statm.readAll().split(' ').value(0).toLong();
        rlimit cap = m_before;
        cap.rlim_cur = rlim_t(pages) * rlim_t(sysconf(_SC_PAGESIZE)) + rlim_t(headroomMb) * 1024 * 1024;
        setrlimit(RLIMIT_AS, &cap);
    }
    ~AddressSpaceCap() { setrlimit(RLIMIT_AS, &m_before); }

private:
    rlimit m_before{};
};

// Reads one regression input with the reader its name says; returns what happened.
QString readBack(const QString &path)
{
    const QString reader = QFileInfo(path).fileName().section(u'-', 0, 0);
    try {
        if (reader == QLatin1String("featurecache") || path.endsWith(QLatin1String(".glfc"))) {
            const FeatureCache cache = FeatureCache::open(path);
            return QStringLiteral("opened, %1 tracks").arg(cache.trackCount());
        }
        if (reader == QLatin1String("bundle"))
            return QStringLiteral("read, %1 tensors").arg(ModelBundle::read(path).tensors.size());
        if (reader == QLatin1String("decoder")) {
            AudioDecoder decoder(path);
            std::vector<float> block(1 << 16);
            std::size_t samples = 0;
            while (const std::size_t n = decoder.read(block))
                samples += n;
            return QStringLiteral("decoded %1 samples").arg(samples);
        }
        return QStringLiteral("no reader named ") + reader;
    } catch (const Error &error) {
        return QStringLiteral("refused: ") + error.message();
    } catch (const std::bad_alloc &) {
        return QStringLiteral("std::bad_alloc: an allocation followed a size from the file");
    }
}

} // namespace

class TestFuzzRegressions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyFindingEndsCleanly()
    {
        const QDir folder(QStringLiteral(GENRELAB_TEST_DATA "/fuzz-regressions"));
        const QStringList inputs = folder.entryList(QDir::Files);
        QVERIFY(!inputs.isEmpty());
        for (const QString &name : inputs) {
            const long before = peakResidentMb();
            const AddressSpaceCap cap(512);
            const QString outcome = readBack(folder.filePath(name));
            qInfo("%s: %s", qPrintable(name), qPrintable(outcome.left(160)));
            QVERIFY2(!outcome.startsWith(QLatin1String("no reader")) && !outcome.startsWith(QLatin1String("std::")), qPrintable(outcome));
            QVERIFY2(peakResidentMb() - before < 200, qPrintable(QStringLiteral("%1 MB").arg(peakResidentMb() - before)));
        }
    }

    // A table whose first string claims to be 2 GB long in a 200-byte file is refused
    // (the length is checked before QDataStream is asked to read it).
    void aForgedStringLengthIsRefused()
    {
        CachedTrack track;
        track.path = QStringLiteral("/music/a.wav");
        QByteArray table = FeatureCacheFormat::encodeTable({track});
        table.chop(8); // the table's own checksum: made to fit again below, as a forger can
        qToBigEndian<quint32>(0x7FFFFFF0u, table.data()); // the path's length in bytes
        QByteArray checksum(8, '\0');
        qToBigEndian<quint64>(FeatureCacheFormat::checksum(table.constData(), std::size_t(table.size())), checksum.data());
        table += checksum;
        FeatureCacheFormat::Header header;
        header.formatVersion = FeatureCache::formatVersion;
        header.contractVersion = FeatureContract::version;
        header.frames = FeatureContract::frames;
        header.mels = FeatureContract::nMels;
        header.trackCount = 1;
        header.dataOffset = header.tableOffset = FeatureCacheFormat::headerBytes;
        header.tableBytes = std::uint64_t(table.size());
        QTemporaryDir dir;
        QFile out(dir.filePath(QStringLiteral("forged.glfc")));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(FeatureCacheFormat::encodeHeader(header) + table);
        out.close();
        const AddressSpaceCap cap(512);
        const QString outcome = readBack(out.fileName());
        QVERIFY2(outcome.startsWith(QLatin1String("refused:")), qPrintable(outcome));
    }
};

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "tst_fuzzregressions.moc"
