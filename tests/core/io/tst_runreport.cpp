// Reports read as a reader would: the HTML is one file (images inlined), holds the
// split with the seed split's warning, the configuration, metrics matching
// Evaluation, the coloured confusion table with counts and %, the most confused pair
// with its example snippet (track and time), and links to the run's CSVs; the PDF is a
// real PDF whose text (pdftotext, where installed) says the same; bad requests fail
// cleanly from the CLI. Links to the CSVs are relative (a report moved with its run still
// links), the PDF's curves are vectors, and the report names the epoch it evaluates.
// Its Evidence section, on a run really trained by the CLI, shows for each of the most
// confused pairs as many occlusion images as it has examples, with the model's own
// probability, and track names that hold <, & and %1 escaped.
#include "DatasetFixture.h"
#include "RunFixture.h"
#include "SharedData.h"
#include "io/RunReport.h"
#include "util/Error.h"

#include <QDir>
#include <QDirIterator>
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
        // The fixture has no model: its Evidence section says so and the report goes on.
        QVERIFY(html.contains(QStringLiteral("No evidence: the run's model could not be read")));
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

    // A run whose model is real (one epoch on tones): the Evidence section names the top
    // confused pairs in order, one image per example, each with the probability the run
    // measured for it; a PDF carries the same pictures.
    void evidenceShowsTheMostConfusedPairsWithSaliency()
    {
        const QString data = m_dir.filePath(QStringLiteral("evidence-data"));
        DatasetFixture::writeLabelled(data, {QStringLiteral("blues"), QStringLiteral("jazz"), QStringLiteral("rock")}, 8, 6.0);
        for (QDirIterator it(data, {QStringLiteral("*.wav")}, QDir::Files, QDirIterator::Subdirectories); it.hasNext();) {
            const QFileInfo file(it.next());
            QVERIFY(QFile::rename(file.filePath(), file.path() + QStringLiteral("/<%1 & ") + file.fileName()));
        }
        const QString runDir = m_dir.filePath(QStringLiteral("evidence-run"));
        QString log;
        QCOMPARE(SharedData::runProgram(QStringLiteral(GENRELAB_CLI), {QStringLiteral("train"), data, QStringLiteral("--out"), runDir,
                                                                       QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--batch"),
                                                                       QStringLiteral("8"), QStringLiteral("--threads"), QStringLiteral("2"),
                                                                       QStringLiteral("--seed"), QStringLiteral("3")}, &log, 300000), 0);
        const RunResults run = RunResults::load(runDir);
        const Evaluation test = run.evaluation(SplitPart::Test);
        struct Pair { int trueLabel, predicted, count; };
        std::vector<Pair> pairs; // as the report ranks them: most first, ties in row order
        for (int t = 0; t < test.classes(); ++t)
            for (int p = 0; p < test.classes(); ++p)
                if (t != p && test.confusion()[std::size_t(t)][std::size_t(p)] > 0)
                    pairs.push_back({t, p, test.confusion()[std::size_t(t)][std::size_t(p)]});
        std::stable_sort(pairs.begin(), pairs.end(), [](const Pair &a, const Pair &b) { return a.count > b.count; });
        if (pairs.empty())
            QSKIP("the one-epoch model made no mistake on the test part: no evidence to show");
        pairs.resize(std::min<std::size_t>(pairs.size(), 3));

        const QString html = RunReport(run).html();
        const qsizetype at = html.indexOf(QStringLiteral("<h2>Evidence"));
        QVERIFY(at > 0);
        const QString evidence = html.mid(at, html.indexOf(QStringLiteral("<h2>"), at + 4) - at);
        QVERIFY(evidence.contains(QStringLiteral("<b>occlusion</b>")));
        int expectedImages = 0;
        qsizetype previous = 0;
        for (const Pair &pair : pairs) {
            const QString heading = QStringLiteral("<h3>%1 heard as %2</h3>").arg(run.labels()[pair.trueLabel], run.labels()[pair.predicted]);
            const qsizetype found = evidence.indexOf(heading);
            QVERIFY2(found > previous, qPrintable(heading));
            previous = found;
            expectedImages += std::min(pair.count, 2);
        }
        QCOMPARE(int(evidence.count(QStringLiteral("<img class=\"evidence\" src=\"data:image/png;base64,"))), expectedImages);
        QVERIFY(!evidence.contains(QStringLiteral("no evidence")));
        // Track names are escaped, and "%1" in them is not filled in.
        QVERIFY(!html.contains(QStringLiteral("<%1")));
        QVERIFY(evidence.contains(QStringLiteral("&lt;%1 &amp; ")));

        // The first example's caption gives the probability the run measured for it.
        const QRegularExpression caption(QStringLiteral("<br>([^<]*&lt;%1 &amp; [^<]+) at ([0-9.]+) s, p\\(([^)]+)\\) = ([0-9.]+) %</td>"));
        const auto match = caption.match(evidence);
        QVERIFY2(match.hasMatch(), qPrintable(evidence.right(600)));
        const int predicted = int(run.labels().indexOf(match.captured(3)));
        bool checked = false;
        for (const SnippetPrediction &p : run.predictions(SplitPart::Test))
            if (run.trackName(p.track).toHtmlEscaped() == match.captured(1) && QString::number(p.start, 'f', 1) == match.captured(2)) {
                QCOMPARE(p.predicted, predicted);
                QVERIFY2(std::abs(100.0 * p.probabilities[std::size_t(predicted)] - match.captured(4).toDouble()) < 0.2,
                         qPrintable(match.captured(0)));
                checked = true;
            }
        QVERIFY(checked);

        const QString pdf = m_dir.filePath(QStringLiteral("evidence.pdf"));
        RunReport(run).write(pdf);
        QFile file(pdf);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(file.readAll().contains("/Subtype /Image"), "the PDF lacks the evidence pictures");
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
