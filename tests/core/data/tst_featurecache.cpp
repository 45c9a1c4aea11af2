// FeatureCache + FeatureCacheBuilder: exact features, incremental rebuilds, refusal of
// damaged or foreign files, unreadable tracks recorded, cancellation keeps progress.
#include "CancellingReporter.h"
#include "DatasetFixture.h"
#include "SharedData.h"
#include "WavWriter.h"
#include "data/DatasetLoader.h"
#include "data/FeatureCacheBuilder.h"
#include "data/FeatureCacheFormat.h"
#include "data/TrackFeaturizer.h"
#include "dsp/FeatureContract.h"
#include "util/Error.h"
#include "util/ProgressReporter.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace genrelab;
using namespace genrelab::test;

class TestFeatureCache : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_root;
    QString m_cache;

    Dataset load() { return DatasetLoader::open(m_root); }

private Q_SLOTS:
    void init()
    {
        m_root = m_dir.filePath(QStringLiteral("ds%1").arg(QTest::currentTestFunction()));
        m_cache = m_dir.filePath(QStringLiteral("%1.glfc").arg(QTest::currentTestFunction()));
        DatasetFixture::writeLabelled(m_root, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}, 2, 6.5);
    }

    void coldBuildHoldsExactFeatures()
    {
        Dataset dataset = load();
        const auto result = FeatureCacheBuilder::build(dataset, m_cache, 2);
        QCOMPARE(result.computed, 6);
        QCOMPARE(result.snippets, 12);
        QVERIFY(result.rewritten);
        const FeatureCache cache = FeatureCache::open(m_cache);
        QCOMPARE(cache.trackCount(), 6);
        TrackFeaturizer featurizer;
        for (const Track &track : dataset.tracks()) {
            const TrackFeatures expected = featurizer.featurize(track.path);
            const auto stored = cache.trackFeatures(cache.findTrack(track.path));
            QCOMPARE(stored.size(), expected.values.size());
            QVERIFY(std::equal(stored.begin(), stored.end(), expected.values.begin()));
        }
        dataset.applyCache(cache);
        QCOMPARE(dataset.snippetCount(), 12);
        QCOMPARE(dataset.tracks()[0].status, Track::Status::Ok);
        QVERIFY(qAbs(dataset.tracks()[0].durationSeconds - 6.5) < 1e-3);
    }

    void warmRunReusesWithoutWriting()
    {
        FeatureCacheBuilder::build(load(), m_cache, 2);
        const QDateTime written = QFileInfo(m_cache).lastModified();
        const auto warm = FeatureCacheBuilder::build(load(), m_cache, 2);
        QCOMPARE(warm.reused, 6);
        QCOMPARE(warm.computed, 0);
        QVERIFY(!warm.rewritten);
        QCOMPARE(QFileInfo(m_cache).lastModified(), written);
    }

    void changedAndNewTracksAreTheOnlyOnesComputed()
    {
        FeatureCacheBuilder::build(load(), m_cache, 2);
        const QString changed = m_root + QStringLiteral("/a/a.00000.wav");
        QTest::qWait(20); // a different mtime even on coarse file systems
        WavWriter().write(changed, WavWriter::sine(3000.0, 0.2, 22050, 9.5));
        WavWriter().write(m_root + QStringLiteral("/c/c.00002.wav"), WavWriter::sine(500.0, 0.3, 22050, 3.5)); // new
        const auto result = FeatureCacheBuilder::build(load(), m_cache, 2);
        QCOMPARE(result.computed, 2);
        QCOMPARE(result.reused, 5);
        const FeatureCache cache = FeatureCache::open(m_cache);
        QCOMPARE(cache.track(cache.findTrack(changed)).snippetCount, 3u);
        TrackFeaturizer featurizer;
        const auto expected = featurizer.featurize(changed).values;
        const auto stored = cache.trackFeatures(cache.findTrack(changed));
        QVERIFY(std::equal(stored.begin(), stored.end(), expected.begin()));
    }

    void unreadableTrackIsRecordedNotRetried()
    {
        DatasetFixture::writeGarbage(m_root + QStringLiteral("/b/b.00054.wav"));
        auto result = FeatureCacheBuilder::build(load(), m_cache, 2);
        QCOMPARE(result.failed, 1);
        QVERIFY2(result.failures.first().contains(QStringLiteral("b.00054.wav")), qPrintable(result.failures.first()));
        Dataset dataset = load();
        dataset.applyCache(result.cache);
        const Track &bad = dataset.tracks()[std::size_t(dataset.findByStem(QStringLiteral("b.00054")))];
        QCOMPARE(bad.status, Track::Status::Error);
        QVERIFY(!bad.error.isEmpty());
        result = FeatureCacheBuilder::build(load(), m_cache, 2);
        QCOMPARE(result.computed, 0);
        QCOMPARE(result.failed, 1);
    }

    void damagedCachesAreRefusedAndRebuilt_data()
    {
        QTest::addColumn<int>("truncateTo");
        QTest::addColumn<bool>("garbageHeader");
        QTest::newRow("truncated in the data") << 100000 << false;
        QTest::newRow("truncated in the table") << -10 << false;
        QTest::newRow("header only") << 64 << false;
        QTest::newRow("not a cache") << -1 << true;
    }

    void damagedCachesAreRefusedAndRebuilt()
    {
        QFETCH(int, truncateTo);
        QFETCH(bool, garbageHeader);
        FeatureCacheBuilder::build(load(), m_cache, 2);
        QFile file(m_cache);
        QVERIFY(file.open(QIODevice::ReadWrite));
        if (garbageHeader)
            file.write("definitely not a feature cache");
        else
            QVERIFY(file.resize(truncateTo > 0 ? truncateTo : file.size() + truncateTo));
        file.close();
        try {
            FeatureCache::open(m_cache);
            QFAIL("a damaged cache was accepted");
        } catch (const Error &error) {
            QCOMPARE(error.kind(), Error::Kind::Corrupt);
        }
        if (garbageHeader) {
            // No longer recognisably a cache, and not in GenreLab's own features folder:
            // it may be anything of the user's, so it is refused and left as it is.
            file.open(QIODevice::ReadOnly);
            const QByteArray before = file.readAll();
            file.close();
            QVERIFY_THROWS_EXCEPTION(Error, FeatureCacheBuilder::build(load(), m_cache, 2));
            file.open(QIODevice::ReadOnly);
            QCOMPARE(file.readAll(), before);
            return;
        }
        const auto rebuilt = FeatureCacheBuilder::build(load(), m_cache, 2);
        QVERIFY(!rebuilt.oldCacheProblem.isEmpty());
        QCOMPARE(rebuilt.computed, 6);
        QCOMPARE(FeatureCache::open(m_cache).trackCount(), 6);
    }

    void otherContractVersionIsRefusedWithItsNumber()
    {
        FeatureCacheBuilder::build(load(), m_cache, 2);
        QFile file(m_cache);
        QVERIFY(file.open(QIODevice::ReadWrite));
        FeatureCacheFormat::Header header;
        QVERIFY(FeatureCacheFormat::decodeHeader(file.read(64), header));
        header.contractVersion = 7;
        file.seek(0);
        file.write(FeatureCacheFormat::encodeHeader(header));
        file.close();
        try {
            FeatureCache::open(m_cache);
            QFAIL("a cache of another contract was accepted");
        } catch (const Error &error) {
            QCOMPARE(error.kind(), Error::Kind::Unsupported);
            QVERIFY2(error.message().contains(QStringLiteral("contract v7")), qPrintable(error.message()));
        }
    }

    void cancellingKeepsWhatWasDone()
    {
        CancellingReporter reporter(2);
        const auto partial = FeatureCacheBuilder::build(load(), m_cache, 1, &reporter);
        QVERIFY(partial.cancelled);
        QVERIFY(partial.computed >= 2 && partial.computed < 6);
        const auto rest = FeatureCacheBuilder::build(load(), m_cache, 2);
        QCOMPARE(rest.reused, partial.computed);
        QCOMPARE(rest.computed, 6 - partial.computed);
        QVERIFY(!rest.cancelled);
    }

    void realGtzanMini()
    {
        const QString data = SharedData::dataDir();
        if (data.isEmpty())
            QSKIP(qPrintable(SharedData::skipReason(QStringLiteral("../shared/data"))));
        Dataset mini = DatasetLoader::open(data + QStringLiteral("/gtzan-mini"));
        const auto cold = FeatureCacheBuilder::build(mini, m_dir.filePath(QStringLiteral("mini.glfc")), 2);
        const auto warm = FeatureCacheBuilder::build(mini, m_dir.filePath(QStringLiteral("mini.glfc")), 2);
        qInfo("gtzan-mini: cold %.3f s, warm %.4f s (%.0fx)", cold.seconds, warm.seconds, cold.seconds / warm.seconds);
        QCOMPARE(cold.failed, 0);
        QCOMPARE(cold.snippets, warm.snippets);
        mini.applyCache(warm.cache);
        for (const Track &track : mini.tracks())
            QVERIFY(track.snippetCount >= 5 && track.snippetCount <= 6); // 15–20-s clips
    }
};

QTEST_GUILESS_MAIN(TestFeatureCache)
#include "tst_featurecache.moc"
