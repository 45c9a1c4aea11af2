// Whole tracks (issue 21, item 4): a tag-labelled library of long tracks is featurised as
// 10 windows spread over each track, the starts stored in the cache and read back exactly;
// a cache of another format or window policy is rebuilt, never mixed; --windows all gives
// every snippet; an interrupted featurisation (cancelled, or killed with a recovery log)
// resumes where it stopped.
#include "CancellingReporter.h"
#include "TaggedLibraryFixture.h"
#include "data/DatasetOpener.h"
#include "data/DatasetLoader.h"
#include "data/FeatureCacheBuilder.h"
#include "data/FeatureCacheFormat.h"
#include "data/FeatureRecoveryLog.h"
#include "data/TrackFeaturizer.h"
#include "dsp/FeatureContract.h"
#include "util/ProgressReporter.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <cmath>

using namespace genrelab;
using namespace genrelab::test;

namespace {

using C = FeatureContract;
constexpr double kSeconds = 75.0; // 25 back-to-back snippets, or 10 spread windows
constexpr int kTracks = 6;


} // namespace

class TestWholeTracks : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_root;
    QString m_cache;

    Dataset load(std::optional<WindowPolicy> windows = std::nullopt) const
    {
        DatasetOptions options;
        options.labels = DatasetOptions::Labels::Tags;
        options.minimumTracks = 2;
        options.windows = windows;
        return DatasetLoader::open(m_root, options);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Long tracks with genre tags, written in the test: two classes, three tracks each.
        m_root = m_dir.filePath(QStringLiteral("library"));
        QDir().mkpath(m_root);
        TaggedLibraryFixture fixture(m_dir.filePath(QStringLiteral("scratch")), kSeconds);
        for (int i = 0; i < kTracks; ++i)
            QVERIFY(fixture.write(QStringLiteral("%1/track%2.wav").arg(m_root).arg(i),
                                  {i % 2 ? QStringLiteral("Jazz") : QStringLiteral("Rock")}, QStringLiteral("Artist %1").arg(i)));
    }

    void init()
    {
        m_cache = m_dir.filePath(QStringLiteral("%1.glfc").arg(QTest::currentTestFunction()));
    }

    void layoutsHaveTheirDefaultPolicy()
    {
        QCOMPARE(Dataset::defaultWindows(Dataset::Kind::Gtzan), WindowPolicy::everySnippet());
        QCOMPARE(Dataset::defaultWindows(Dataset::Kind::LabelledFolder), WindowPolicy::everySnippet());
        QCOMPARE(Dataset::defaultWindows(Dataset::Kind::TagLibrary), WindowPolicy::spread(10));
        QCOMPARE(Dataset::defaultWindows(Dataset::Kind::Fma), WindowPolicy::spread(10));
        QCOMPARE(load().kind(), Dataset::Kind::TagLibrary);
        QCOMPARE(load().windowPolicy(), WindowPolicy::spread(10));
        QCOMPARE(load(WindowPolicy::everySnippet()).windowPolicy(), WindowPolicy::everySnippet());
        QCOMPARE(WindowPolicy::parse(QStringLiteral("all")), WindowPolicy::everySnippet());
        QCOMPARE(WindowPolicy::parse(QStringLiteral("4")), WindowPolicy::spread(4));
        QVERIFY(!WindowPolicy::parse(QStringLiteral("0")));
        QVERIFY(!WindowPolicy::parse(QStringLiteral("ten")));
    }

    // The library opens with 10 windows per track spread from near its start to near its
    // end; the starts are stored exactly and the features are those of the windows there.
    void spreadWindowsCoverWholeTracks()
    {
        DatasetOptions options;
        options.labels = DatasetOptions::Labels::Tags;
        options.minimumTracks = 2;
        const DatasetOpener::Opened opened = DatasetOpener::open(m_root, 2, nullptr, m_cache, options);
        QCOMPARE(opened.dataset.labels().size(), 2);
        QCOMPARE(opened.dataset.snippetCount(), kTracks * 10);
        const FeatureCache cache = FeatureCache::open(m_cache); // read back from disk
        QCOMPARE(cache.trackCount(), kTracks);
        TrackFeaturizer featurizer;
        for (int t = 0; t < cache.trackCount(); ++t) {
            const CachedTrack &track = cache.track(t);
            QCOMPARE(track.snippetCount, 10u);
            QCOMPARE(track.windows, 10);
            QVERIFY2(std::abs(track.durationSeconds - kSeconds) < 0.1, qPrintable(QString::number(track.durationSeconds)));
            QCOMPARE(track.starts, WindowPolicy::spread(10).starts(track.durationSeconds));
            QVERIFY(track.snippetStart(0) < kSeconds / 10);                        // near the start
            QVERIFY(track.snippetStart(9) + C::snippetSeconds() > kSeconds * 0.9); // near the end
            for (int k = 1; k < 10; ++k)
                QVERIFY(track.snippetStart(k) >= track.snippetStart(k - 1) + C::snippetSeconds());
            QCOMPARE(track.snippetAt(track.snippetStart(4) + 1.0), 4);
        }
        // The snippet at the last window really is that part of the audio.
        const std::span<const float> last = cache.snippet(0, 9);
        const std::vector<float> expected = featurizer.featurizeSnippetAt(cache.track(0).path, cache.track(0).snippetStart(9));
        QVERIFY(std::equal(last.begin(), last.end(), expected.begin()));
        // Track durations are the tracks' own, not ten snippets' worth.
        for (const Track &track : opened.dataset.tracks())
            QVERIFY(std::abs(track.durationSeconds - kSeconds) < 0.1);
    }

    void windowsAllGivesEverySnippet()
    {
        const auto built = FeatureCacheBuilder::build(load(WindowPolicy::everySnippet()), m_cache, 2);
        QCOMPARE(built.snippets, kTracks * 25);
        const CachedTrack &track = built.cache.track(0);
        QCOMPARE(track.windows, 0);
        QCOMPARE(track.snippetCount, 25u);
        for (int k = 0; k < 25; ++k)
            QCOMPARE(track.snippetStart(k), k * C::snippetSeconds());
    }

    // A policy is part of a cache's identity: another policy featurises every track again.
    void policyChangeRebuilds()
    {
        const auto spread = FeatureCacheBuilder::build(load(), m_cache, 2);
        QCOMPARE(spread.computed, kTracks);
        QCOMPARE(FeatureCacheBuilder::build(load(), m_cache, 2).reused, kTracks);
        const auto all = FeatureCacheBuilder::build(load(WindowPolicy::everySnippet()), m_cache, 2);
        QCOMPARE(all.computed, kTracks);
        QCOMPARE(all.reused, 0);
        QVERIFY2(all.oldCacheProblem.contains(QStringLiteral("10 spread windows")), qPrintable(all.oldCacheProblem));
        QCOMPARE(FeatureCache::open(m_cache).snippetCount(), std::uint64_t(kTracks * 25));
        const auto four = FeatureCacheBuilder::build(load(WindowPolicy::spread(4)), m_cache, 2);
        QCOMPARE(four.computed, kTracks);
        QCOMPARE(FeatureCache::open(m_cache).snippetCount(), std::uint64_t(kTracks * 4));
    }

    // A cache written by an older GenreLab (format 2) is refused with a message saying it is
    // rebuilt, and the builder rebuilds it.
    void oldFormatCacheIsRebuilt()
    {
        FeatureCacheBuilder::build(load(), m_cache, 2);
        QFile file(m_cache);
        QVERIFY(file.open(QIODevice::ReadWrite));
        FeatureCacheFormat::Header header;
        QVERIFY(FeatureCacheFormat::decodeHeader(file.read(qint64(FeatureCacheFormat::headerBytes)), header));
        QCOMPARE(header.formatVersion, FeatureCache::formatVersion);
        header.formatVersion = 2;
        file.seek(0);
        file.write(FeatureCacheFormat::encodeHeader(header));
        file.close();
        try {
            FeatureCache::open(m_cache);
            QFAIL("a format-2 cache was read");
        } catch (const Error &error) {
            QCOMPARE(error.kind(), Error::Kind::Unsupported);
            QVERIFY2(error.message().contains(QStringLiteral("format 2")) && error.message().contains(QStringLiteral("rebuilt")),
                     qPrintable(error.message()));
        }
        const auto rebuilt = FeatureCacheBuilder::build(load(), m_cache, 2);
        QVERIFY(rebuilt.oldCacheProblem.contains(QStringLiteral("format 2")));
        QCOMPARE(rebuilt.computed, kTracks);
        QCOMPARE(FeatureCache::open(m_cache).track(0).starts.size(), std::size_t(10));
    }

    void cancelledFeaturisingResumes()
    {
        CancellingReporter reporter(2);
        const auto partial = FeatureCacheBuilder::build(load(), m_cache, 1, &reporter);
        QVERIFY(partial.cancelled);
        QVERIFY(partial.computed >= 2 && partial.computed < kTracks);
        const auto rest = FeatureCacheBuilder::build(load(), m_cache, 2);
        QCOMPARE(rest.reused, partial.computed);
        QCOMPARE(rest.computed, kTracks - partial.computed);
        QCOMPARE(rest.cache.snippetCount(), std::uint64_t(kTracks * 10));
    }

    // A killed run leaves its recovery log: the next run takes the tracks the log holds
    // (with their starts) and computes only the others, unless the policy changed.
    void killedFeaturisingResumesFromItsLog()
    {
        const auto first = FeatureCacheBuilder::build(load(), m_cache, 2);
        const FeatureCache done = FeatureCache::open(m_cache);
        QFile::remove(m_cache); // as if the killed run never committed
        {
            FeatureRecoveryLog log(m_cache);
            log.startAppending();
            for (int t = 0; t < 2; ++t)
                log.append(done.track(t), done.trackFeatures(t));
        } // the log stays: only remove() or a commit deletes it
        FeatureRecoveryLog reread(m_cache);
        QCOMPARE(reread.recovered().size(), 2);
        QCOMPARE(reread.recovered().value(done.track(1).path).starts, done.track(1).starts);
        QCOMPARE(reread.recovered().value(done.track(1).path).windows, 10);

        const auto resumed = FeatureCacheBuilder::build(load(), m_cache, 2);
        QCOMPARE(resumed.recovered, 2);
        QCOMPARE(resumed.computed, kTracks - 2);
        const FeatureCache cache = FeatureCache::open(m_cache);
        const int t = cache.findTrack(done.track(1).path);
        QCOMPARE(cache.track(t).starts, done.track(1).starts);
        QVERIFY(cache.verifyTrack(t));
        QVERIFY(!QFile::exists(FeatureRecoveryLog::pathFor(m_cache)));

        // A log of another policy is not mixed in.
        QFile::remove(m_cache);
        {
            FeatureRecoveryLog log(m_cache);
            log.startAppending();
            log.append(done.track(0), done.trackFeatures(0));
        }
        const auto other = FeatureCacheBuilder::build(load(WindowPolicy::spread(4)), m_cache, 2);
        QCOMPARE(other.recovered, 0);
        QCOMPARE(other.computed, kTracks);
        Q_UNUSED(first);
    }
};

QTEST_GUILESS_MAIN(TestWholeTracks)
#include "tst_wholetracks.moc"
