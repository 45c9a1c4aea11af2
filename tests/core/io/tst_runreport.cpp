// Reports read as a reader would: the HTML is one file (images inlined), holds the
// split with the seed split's warning, the configuration, metrics matching
// Evaluation, the coloured confusion table with counts and %, the most confused pair
// with its example snippet (track and time), and links to the run's CSVs; the PDF is a
// real PDF whose text (pdftotext, where installed) says the same; bad requests fail
// cleanly from the CLI.
#include "RunFixture.h"
#include "SharedData.h"
#include "io/RunReport.h"
#include "util/Error.h"

#include <QFile>
#include <QImage>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

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
        QVERIFY(!html.contains(QStringLiteral("http://")) && !html.contains(QStringLiteral("https://")));
        // The curves are drawn, not blank.
        const QImage chart = report.accuracyChart();
        QVERIFY(chart.width() > 300 && chart.pixelColor(chart.width() / 2, chart.height() / 2) != QColor());
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
};

QTEST_MAIN(TestRunReport)
#include "tst_runreport.moc"
