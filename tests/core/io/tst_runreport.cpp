// Reports read as a reader would: the HTML is one file (images inlined), holds the
// split with the seed split's warning, the configuration, metrics matching
// Evaluation, the coloured confusion table with counts and %, the most confused pair
// with its example snippet (track and time), and links to the run's CSVs; the PDF is a
// real PDF whose text (pdftotext, where installed) says the same; bad requests fail
// cleanly from the CLI. Links to the CSVs are relative (a report moved with its run still
// links), the PDF's curves are vectors, and the report names the epoch it evaluates.
#include "RunFixture.h"
#include "SharedData.h"
#include "io/RunReport.h"
#include "util/Error.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <sys/stat.h>

using namespace genrelab;
using namespace genrelab::test;

class TestRunReport : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void htmlIsCompleteAndSelfContained()
    {
        const QString runDir = RunFixture::write(m_dir.filePath(QStringLiteral("run")), QStringLiteral("/music"));
        const RunReport report(RunResults::load(runDir));
        const QString html = report.html();
        QVERIFY(html.contains(QStringLiteral("track split (seed 1)")));
        QVERIFY(!html.contains(QStringLiteral("Warning:")));
        // Test part: blues/d.wav predicted jazz, rock/e.wav right → 50 %.
        QVERIFY(html.contains(QStringLiteral("Snippet accuracy</td><td>50.0 % (2 snippets)")));
        QVERIFY2(html.contains(QStringLiteral("blues/d.wav at 0.0 s (50.0 %)")), "the confused pair's example snippet");
        QVERIFY(html.contains(QStringLiteral("bgcolor=\"#ffffff\"")));         // empty cells stay white
        QVERIFY(html.contains(QStringLiteral(">1<br><small>100 %</small>")));  // count and row share
        QCOMPARE(html.count(QStringLiteral("<img src=\"data:image/png;base64,")), 2);
        QVERIFY(html.contains(QStringLiteral("predictions.csv</a>")));
        // Which model the figures come from, and why (issue 18).
        QCOMPARE(report.bestEpoch(), 2);
        QVERIFY2(html.contains(QStringLiteral("Model evaluated</td><td>epoch 2 of 2, kept as best.pt because its validation "
                                              "accuracy (62.5 %) is the run's best")), "the evaluated epoch and why");
        QVERIFY(!html.contains(QStringLiteral("http://")) && !html.contains(QStringLiteral("https://")));
        // The curves are drawn, not blank.
        const QImage chart = report.accuracyChart();
        QVERIFY(chart.width() > 300 && chart.pixelColor(chart.width() / 2, chart.height() / 2) != QColor());
    }

    // Links to the CSVs are relative to the report: a report moved (or sent) together
    // with its run folder still opens them.
    void csvLinksSurviveMovingReportAndRun()
    {
        const QString home = m_dir.filePath(QStringLiteral("project"));
        RunFixture::write(home + QStringLiteral("/runs/run 1"), QStringLiteral("/music"));
        const RunReport report(RunResults::load(home + QStringLiteral("/runs/run 1")));
        QVERIFY(QDir().mkpath(home + QStringLiteral("/reports")));
        report.write(home + QStringLiteral("/reports/r.html"));
        QVERIFY(QDir().rename(home, m_dir.filePath(QStringLiteral("moved"))));
        QFile moved(m_dir.filePath(QStringLiteral("moved/reports/r.html")));
        QVERIFY(moved.open(QIODevice::ReadOnly));
        const QString html = QString::fromUtf8(moved.readAll());
        QVERIFY(!html.contains(QStringLiteral("file:")));
        const QRegularExpression link(QStringLiteral("<a href=\"([^\"]+)\">([a-z]+\\.csv)</a>"));
        int links = 0;
        for (auto it = link.globalMatch(html); it.hasNext(); ++links) {
            const auto match = it.next();
            const QString target = QUrl::fromPercentEncoding(match.captured(1).toUtf8());
            QCOMPARE(target, QStringLiteral("../runs/run 1/") + match.captured(2));
            QVERIFY2(QFile::exists(m_dir.filePath(QStringLiteral("moved/reports/")) + target), qPrintable(target));
        }
        QCOMPARE(links, 3);
    }

    // The PDF's curves are drawn on the PDF itself: vectors and text, no picture.
    void pdfCurvesAreVectors()
    {
        const QString runDir = RunFixture::write(m_dir.filePath(QStringLiteral("vectors")), QStringLiteral("/music"));
        const QString path = m_dir.filePath(QStringLiteral("vectors.pdf"));
        RunReport(RunResults::load(runDir)).write(path);
        QFile pdf(path);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        const QByteArray bytes = pdf.readAll();
        QVERIFY(bytes.startsWith("%PDF-"));
        QVERIFY2(!bytes.contains("/Subtype /Image") && !bytes.contains("/DCTDecode"), "the PDF holds a raster image");
        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        if (pdftotext.isEmpty())
            QSKIP("pdftotext not installed: the charts' text is not checked");
        QString text;
        QCOMPARE(SharedData::runProgram(pdftotext, {path, QStringLiteral("-")}, &text), 0);
        QVERIFY2(text.contains(QStringLiteral("Loss per epoch")) && text.contains(QStringLiteral("Accuracy per epoch"))
                     && text.contains(QStringLiteral("validation")), qPrintable(text));
    }

    void seedSplitCarriesTheLeakageWarning()
    {
        const QString runDir = RunFixture::write(m_dir.filePath(QStringLiteral("seed")), QStringLiteral("/music"), QStringLiteral("seed"));
        const QString html = RunReport(RunResults::load(runDir)).html();
        QVERIFY(html.contains(QStringLiteral("Warning:")));
    }

    void writesHtmlAndPdf()
    {
        const QString runDir = RunFixture::write(m_dir.filePath(QStringLiteral("files")), QStringLiteral("/music"));
        const RunReport report(RunResults::load(runDir));
        report.write(m_dir.filePath(QStringLiteral("r.html")));
        QVERIFY(QFile(m_dir.filePath(QStringLiteral("r.html"))).size() > 10000);
        report.write(m_dir.filePath(QStringLiteral("r.pdf")));
        QFile pdf(m_dir.filePath(QStringLiteral("r.pdf")));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("r.pdf.part"))));
        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        if (pdftotext.isEmpty()) {
            qInfo("pdftotext not installed: the PDF's text is not checked");
            return;
        }
        QString text;
        QCOMPARE(SharedData::runProgram(pdftotext, {pdf.fileName(), QStringLiteral("-")}, &text), 0);
        QVERIFY2(text.contains(QStringLiteral("Confusion matrix")) && text.contains(QStringLiteral("blues/d.wav")), qPrintable(text));
    }

    void badRequestsAreRefused()
    {
        const QString runDir = RunFixture::write(m_dir.filePath(QStringLiteral("bad")), QStringLiteral("/music"));
        const RunReport report(RunResults::load(runDir));
        QVERIFY_THROWS_EXCEPTION(Error, report.write(m_dir.filePath(QStringLiteral("r.docx"))));
        QVERIFY_THROWS_EXCEPTION(Error, report.write(QStringLiteral("/proc/no/r.html")));
        QString log;
        QCOMPARE(SharedData::runProgram(QStringLiteral(GENRELAB_CLI), {QStringLiteral("report"), m_dir.filePath(QStringLiteral("nothing")),
                                                                       QStringLiteral("--out"), m_dir.filePath(QStringLiteral("x.html"))}, &log), 1);
        QVERIFY2(log.contains(QStringLiteral("not a GenreLab run folder")), qPrintable(log));
        QCOMPARE(SharedData::runProgram(QStringLiteral(GENRELAB_CLI), {QStringLiteral("report"), runDir, QStringLiteral("--out"),
                                                                       m_dir.filePath(QStringLiteral("cli.pdf"))}, &log), 0);
        QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("cli.pdf"))));
    }

    // A PDF written through a named pipe, or over one, is refused and the pipe stays: the
    // PDF went through a fixed-name ".part" that was then renamed over whatever was there.
    void pdfNeverReplacesAPipe()
    {
        const QString runDir = RunFixture::write(m_dir.filePath(QStringLiteral("pipe")), QStringLiteral("/music"));
        const RunReport report(RunResults::load(runDir));
        const QString fifo = m_dir.filePath(QStringLiteral("pipe.pdf"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0644), 0);
        try {
            report.write(fifo);
            QFAIL("a report replaced a named pipe");
        } catch (const Error &error) {
            QVERIFY2(error.message().contains(QStringLiteral("named pipe")), qPrintable(error.message()));
        }
        struct stat st {};
        QVERIFY(::lstat(QFile::encodeName(fifo).constData(), &st) == 0 && S_ISFIFO(st.st_mode));
        QVERIFY(!QFile::exists(fifo + QStringLiteral(".part")));
    }
};

QTEST_MAIN(TestRunReport)
#include "tst_runreport.moc"
