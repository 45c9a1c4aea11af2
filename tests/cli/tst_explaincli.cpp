// genrelab-cli explain as a user runs it: the map it writes is the core's map of the
// snippet `mel` writes, for the predicted or the named class; bad requests are refused
// (status 2 for usage, 1 for files) and write nothing.
#include "SharedData.h"
#include "WavWriter.h"
#include "data/TrackFeaturizer.h"
#include "io/NpyFile.h"
#include "ml/BundleConverter.h"
#include "ml/ModelBundle.h"
#include "ml/Saliency.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace genrelab;
using namespace genrelab::test;

class TestExplainCli : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_track, m_model;

    int cli(const QStringList &arguments, QString *output = nullptr)
    {
        return SharedData::runProgram(QStringLiteral(GENRELAB_CLI), arguments, output);
    }

    QStringList explain(const QString &out, const QStringList &more = {})
    {
        return QStringList{QStringLiteral("explain"), m_model, m_track, QStringLiteral("--snippet"), QStringLiteral("1"),
                           QStringLiteral("--out"), out, QStringLiteral("--threads"), QStringLiteral("2")} + more;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_track = m_dir.filePath(QStringLiteral("tone.wav"));
        WavWriter writer;
        writer.sampleRate = 22050;
        std::vector<float> audio = WavWriter::sine(220.0, 0.3, 22050, 7.0);
        const auto high = WavWriter::sine(3520.0, 0.2, 22050, 7.0);
        for (std::size_t i = 0; i < audio.size(); ++i)
            audio[i] += (i / 11025) % 2 ? high[i] : 0.0f; // a pattern in time and frequency
        writer.write(m_track, audio);
        m_model = m_dir.filePath(QStringLiteral("model.genrelab"));
        BundleConverter::untrained({QStringLiteral("blues"), QStringLiteral("jazz"), QStringLiteral("rock")}).write(m_model);
    }

    void writesTheCoresMapOfTheMelSnippet_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("className");
        QTest::newRow("occlusion, predicted class") << QStringLiteral("occlusion") << QString();
        QTest::newRow("integrated gradients, jazz") << QStringLiteral("integrated-gradients") << QStringLiteral("jazz");
        QTest::newRow("grad-cam, rock") << QStringLiteral("gradcam") << QStringLiteral("rock");
    }

    void writesTheCoresMapOfTheMelSnippet()
    {
        QFETCH(QString, method);
        QFETCH(QString, className);
        const QString out = m_dir.filePath(method + QStringLiteral(".npy"));
        QStringList more{QStringLiteral("--method"), method};
        if (!className.isEmpty())
            more << QStringLiteral("--class") << className;
        QString output;
        QCOMPARE(cli(explain(out, more), &output), 0);
        const auto array = NpyFile::readFloat32(out);
        QCOMPARE(array.shape, (std::vector<std::size_t>{130, 100}));

        const Saliency saliency(m_model, 2);
        Saliency::Options options;
        options.method = *Saliency::methodFromName(method);
        options.classIndex = int(saliency.labels().indexOf(className));
        const auto expected = saliency.explain(TrackFeaturizer().featurizeSnippet(m_track, 1), options);
        QVERIFY2(output.contains(saliency.labels()[expected.classIndex]), qPrintable(output));
        double largest = 0.0, worst = 0.0;
        for (std::size_t i = 0; i < expected.values.size(); ++i) {
            largest = std::max(largest, double(std::abs(expected.values[i])));
            worst = std::max(worst, double(std::abs(expected.values[i] - array.values[i])));
        }
        QVERIFY2(largest > 0.0, "an all-zero map explains nothing");
        QVERIFY2(worst <= 1e-3 * largest, qPrintable(QStringLiteral("differs by %1 of %2").arg(worst).arg(largest)));
    }

    void badRequestsAreRefused_data()
    {
        QTest::addColumn<QStringList>("more");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown method") << QStringList{QStringLiteral("--method"), QStringLiteral("lime")} << 2 << QStringLiteral("--method");
        QTest::newRow("unknown class") << QStringList{QStringLiteral("--class"), QStringLiteral("polka")} << 2 << QStringLiteral("blues, jazz, rock");
        QTest::newRow("steps") << QStringList{QStringLiteral("--steps"), QStringLiteral("0")} << 2 << QStringLiteral("--steps");
        QTest::newRow("block") << QStringList{QStringLiteral("--method"), QStringLiteral("gradcam"), QStringLiteral("--block"), QStringLiteral("3")}
                               << 2 << QStringLiteral("convolution block");
        QTest::newRow("snippet beyond the end") << QStringList{QStringLiteral("--snippet"), QStringLiteral("2")} << 1 << QStringLiteral("beyond the end");
        QTest::newRow("negative snippet") << QStringList{QStringLiteral("--snippet"), QStringLiteral("-1")} << 2 << QStringLiteral("--snippet");
    }

    void badRequestsAreRefused()
    {
        QFETCH(QStringList, more);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const QString out = m_dir.filePath(QStringLiteral("bad.npy"));
        QString output;
        QCOMPARE(cli(explain(out, more), &output), exitCode);
        QVERIFY2(output.contains(message), qPrintable(output));
        QVERIFY(!QFile::exists(out));
    }

    void inputsAreNeverOverwrittenAndMissingFilesNamed()
    {
        QString output;
        const QByteArray model = [&] { QFile f(m_model); f.open(QIODevice::ReadOnly); return f.readAll(); }();
        QCOMPARE(cli({QStringLiteral("explain"), m_model, m_track, QStringLiteral("--out"), m_model}, &output), 2);
        QFile f(m_model);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), model);
        const QString gone = m_dir.filePath(QStringLiteral("gone.genrelab"));
        QCOMPARE(cli({QStringLiteral("explain"), gone, m_track, QStringLiteral("--out"), m_dir.filePath(QStringLiteral("x.npy"))}, &output), 1);
        QVERIFY2(output.contains(gone), qPrintable(output));
        QCOMPARE(cli({QStringLiteral("explain"), m_model, m_track}, &output), 2);
        QVERIFY(output.contains(QStringLiteral("usage")));
    }

    // Figures only, never asserted on time (the machine is shared): every method is named
    // with a positive number of seconds.
    void benchExplainPrintsSecondsPerSnippet()
    {
        QString output;
        // --no-tsne: the projections' figures are bench's business, not this test's (under a
        // heavy load the t-SNE of 5 000 points alone can outlast a test's patience).
        QCOMPARE(SharedData::runProgram(QStringLiteral(GENRELAB_CLI),
                                        {QStringLiteral("bench"), QStringLiteral("explain"), QStringLiteral("--threads"), QStringLiteral("2"),
                                         QStringLiteral("--repeat"), QStringLiteral("1"), QStringLiteral("--no-tsne")},
                                        &output, 600000),
                 0);
        for (const char *method : {"occlusion", "integrated_gradients", "gradcam"}) {
            const QRegularExpression figure(QStringLiteral("%1_s_per_snippet=([0-9.]+)").arg(QLatin1String(method)));
            const auto match = figure.match(output);
            QVERIFY2(match.hasMatch() && match.captured(1).toDouble() > 0.0, qPrintable(output));
        }
        QVERIFY2(output.contains(QStringLiteral("threads=2")), qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TestExplainCli)
#include "tst_explaincli.moc"
