#include "RunReport.h"

#include "util/ChartPalette.h"

#include "EvidenceImage.h"
#include "ReportChart.h"
#include "ReportChartObject.h"
#include "data/TrackFeaturizer.h"
#include "models/PredictionRow.h"
#include "ml/RunDirectory.h"
#include "ml/Saliency.h"
#include "ml/TorchRuntime.h"
#include "util/CheckedSaveFile.h"
#include "util/Error.h"

#include <QBuffer>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QPageSize>
#include <QPdfWriter>
#include <QSysInfo>
#include <QTextDocument>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <cstdio>

namespace genrelab {

namespace {

constexpr int kConfusedPairs = 5;
constexpr int kExamplesPerPair = 3;
// The evidence costs a forward pass per occluded patch: 3 pairs × 2 snippets × 100
// patches, a few seconds on 2 threads.
constexpr int kEvidencePairs = 3;
constexpr int kEvidencePerPair = 2;
const QString kEvidenceResource = QStringLiteral("genrelab-evidence-%1");
const QSize kChartSize(640, 300);
// In the PDF the curves are document objects drawn on the PDF painter (vectors and
// text); the HTML marks where they go.
const QSize kPdfChartSize(340, 160);
const QStringList kChartMarkers = {QStringLiteral("[[genrelab-chart-loss]]"), QStringLiteral("[[genrelab-chart-accuracy]]")};

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QString percent(double fraction)
{
    return QString::number(100.0 * fraction, 'f', 1) + QStringLiteral(" %");
}

QString pngDataUri(const QImage &image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return QStringLiteral("data:image/png;base64,") + QString::fromLatin1(bytes.toBase64());
}

// White (none) to deep purple (the whole row), readable in print and on screen.
QColor heat(double fraction)
{
    const QColor full(59, 15, 112);
    const auto mix = [fraction](int from, int to) { return int(from + (to - from) * fraction + 0.5); };
    return QColor(mix(255, full.red()), mix(255, full.green()), mix(255, full.blue()));
}

QString row(const QStringList &cells, const char *tag = "td")
{
    QString html = QStringLiteral("<tr>");
    for (const QString &cell : cells)
        html += QStringLiteral("<%1>%2</%1>").arg(QLatin1String(tag), cell);
    return html + QStringLiteral("</tr>\n");
}

} // namespace

RunReport::RunReport(RunResults run)
    : m_run(std::move(run))
{
}

QString RunReport::section(const QString &title) const
{
    return QStringLiteral("<h2>%1</h2>\n").arg(escaped(title));
}

// Training (dashed where `dashTraining`) and validation curves of one epoch metric.
ReportChart RunReport::epochChart(const QString &title, const QString &yTitle, double EpochMetrics::*train,
                             double EpochMetrics::*valid, bool dashTraining, bool fraction) const
{
    ReportChart chart(title, QStringLiteral("epoch"), yTitle);
    if (fraction)
        chart.setYRange(0.0, 1.0);
    ReportChart::Series training{QStringLiteral("training"), ChartPalette::training(), {}, {}, dashTraining};
    ReportChart::Series validation{QStringLiteral("validation"), ChartPalette::validation(), {}, {}};
    for (const EpochMetrics &m : m_run.metrics()) {
        training.x.push_back(m.epoch);
        training.y.push_back(m.*train);
        validation.x.push_back(m.epoch);
        validation.y.push_back(m.*valid);
    }
    chart.add(std::move(training));
    chart.add(std::move(validation));
    return chart;
}

ReportChart RunReport::lossCurves() const
{
    return epochChart(QStringLiteral("Loss per epoch"), QStringLiteral("cross-entropy"), &EpochMetrics::trainLoss,
                      &EpochMetrics::validLoss, false, false);
}

ReportChart RunReport::accuracyCurves() const
{
    return epochChart(QStringLiteral("Accuracy per epoch: the gap is overfitting"), QStringLiteral("accuracy"),
                      &EpochMetrics::trainAccuracy, &EpochMetrics::validAccuracy, true, true);
}

QImage RunReport::lossChart() const
{
    return lossCurves().render(kChartSize);
}

QImage RunReport::accuracyChart() const
{
    return accuracyCurves().render(kChartSize);
}

int RunReport::bestEpoch() const
{
    // As the trainer keeps best.pt: the first epoch that reaches the highest validation accuracy.
    int best = 0;
    double bestAccuracy = -1.0;
    for (const EpochMetrics &m : m_run.metrics())
        if (m.validAccuracy > bestAccuracy) {
            bestAccuracy = m.validAccuracy;
            best = m.epoch;
        }
    return best;
}

QString RunReport::datasetSection() const
{
    QString html = section(QStringLiteral("Dataset and split"));
    html += QStringLiteral("<p>Dataset: <code>%1</code><br>Split: %2</p>\n")
                .arg(escaped(QDir::toNativeSeparators(m_run.config().datasetRoot)), escaped(m_run.splitSummary()));
    if (m_run.config().split == DataSplit::Kind::Seed)
        html += QStringLiteral("<p style=\"color:#a00000\"><b>Warning:</b> %1</p>\n").arg(escaped(DataSplit::leakageWarning()));
    return html;
}

QString RunReport::configurationSection() const
{
    const TrainingConfig &c = m_run.config();
    QString html = section(QStringLiteral("Configuration"));
    html += QStringLiteral("<table class=\"kv\">\n");
    const QList<QPair<QString, QString>> values = {
        {QStringLiteral("Epochs (run)"), QString::number(m_run.metrics().size())},
        {QStringLiteral("Epochs (asked)"), QString::number(c.epochs)},
        {QStringLiteral("Batch"), QString::number(c.batch)},
        {QStringLiteral("Learning rate"), QString::number(c.learningRate)},
        {QStringLiteral("Weight decay"), QString::number(c.weightDecay)},
        {QStringLiteral("Recurrent cell"), CrnnOptions::cellName(c.network.cell)},
        {QStringLiteral("Hidden units"), QString::number(c.network.hidden)},
        {QStringLiteral("Dropout"), QString::number(c.network.dropout)},
        {QStringLiteral("Augmentation"), c.augment ? QStringLiteral("on") : QStringLiteral("off")},
        {QStringLiteral("Early stopping"), c.earlyStopping ? QString::number(c.earlyStopping) : QStringLiteral("off")},
        {QStringLiteral("Seed"), QString::number(c.seed)}};
    for (const auto &[key, value] : values)
        html += row({escaped(key), escaped(value)});
    return html + QStringLiteral("</table>\n");
}

QString RunReport::curvesSection(Images images) const
{
    QString html = section(QStringLiteral("Training curves"));
    if (images == Images::Inline)
        html += QStringLiteral("<p><img src=\"%1\" alt=\"loss\"> <img src=\"%2\" alt=\"accuracy\"></p>\n")
                    .arg(pngDataUri(lossChart()), pngDataUri(accuracyChart()));
    else
        html += QStringLiteral("<p>%1 %2</p>\n").arg(kChartMarkers[0], kChartMarkers[1]);
    return html;
}

QString RunReport::metricsSection(const Evaluation &test) const
{
    QString html = section(QStringLiteral("Final metrics (best model, test part)"));
    html += QStringLiteral("<table class=\"kv\">\n");
    html += row({QStringLiteral("Snippet accuracy"), QStringLiteral("%1 (%2 snippets)").arg(percent(test.snippetAccuracy())).arg(test.snippetCount())});
    html += row({QStringLiteral("Track accuracy, majority vote"), QStringLiteral("%1 (%2 tracks)").arg(percent(test.trackAccuracyVote())).arg(test.trackCount())});
    html += row({QStringLiteral("Track accuracy, mean probability"), percent(test.trackAccuracyMean())});
    const TrainingConfig &config = m_run.config();
    html += row({QStringLiteral("Model evaluated"),
                 QStringLiteral("epoch %1 of %2, kept as %4 because its validation accuracy (%3) is the run's "
                                "best; every test figure here comes from it")
                     .arg(bestEpoch()).arg(m_run.metrics().size()).arg(percent(m_run.bestValidAccuracy()),
                                                                       config.refitEpochs > 0 ? QStringLiteral("selected.pt") : QStringLiteral("best.pt"))});
    if (config.refitEpochs > 0) // the model the run hands on is not the one measured here: say so
        html += row({QStringLiteral("Refit"),
                     QStringLiteral("after these figures were measured, a fresh model was trained on train + validation "
                                    "(%1 tracks) for %2 epochs; it is the run's model (best.pt: export, predict, tag). It "
                                    "has no test figure of its own here: these are the selected model's, measured before "
                                    "the refit")
                         .arg(config.refitTracks).arg(config.refitEpochs)});
    html += row({QStringLiteral("Best validation accuracy"), percent(m_run.bestValidAccuracy())});
    if (!m_run.metrics().empty())
        html += row({QStringLiteral("Training accuracy, last epoch"), percent(m_run.metrics().back().trainAccuracy)});
    html += QStringLiteral("</table>\n<h3>Per class</h3>\n<table class=\"grid\">\n");
    html += row({QStringLiteral("Class"), QStringLiteral("Precision"), QStringLiteral("Recall"), QStringLiteral("F1"),
                 QStringLiteral("Support")}, "th");
    for (int c = 0; c < test.classes(); ++c)
        html += row({escaped(m_run.labels().value(c)), percent(test.precision(c)), percent(test.recall(c)),
                     percent(test.f1(c)), QString::number(test.support(c))});
    return html + QStringLiteral("</table>\n");
}

QString RunReport::confusionSection(const Evaluation &test) const
{
    QString html = section(QStringLiteral("Confusion matrix (test snippets; rows true, columns predicted)"));
    html += QStringLiteral("<table class=\"grid\" cellspacing=\"0\">\n<tr><th>true \\ predicted</th>");
    for (const QString &label : m_run.labels())
        html += QStringLiteral("<th>%1</th>").arg(escaped(label));
    html += QStringLiteral("</tr>\n");
    const Evaluation::Matrix &counts = test.confusion();
    for (int t = 0; t < test.classes(); ++t) {
        const int total = std::max(1, test.support(t));
        html += QStringLiteral("<tr><th>%1</th>").arg(escaped(m_run.labels().value(t)));
        for (int p = 0; p < test.classes(); ++p) {
            const int count = counts[std::size_t(t)][std::size_t(p)];
            const double fraction = double(count) / total;
            html += QStringLiteral("<td align=\"center\" bgcolor=\"%1\" style=\"color:%2\">%3<br><small>%4 %</small></td>")
                        .arg(heat(fraction).name(), fraction > 0.5 ? QStringLiteral("#ffffff") : QStringLiteral("#000000"))
                        .arg(count).arg(100.0 * fraction, 0, 'f', 0);
        }
        html += QStringLiteral("</tr>\n");
    }
    return html + QStringLiteral("</table>\n");
}

// Off-diagonal cells by count, most first (ties in row order), at most kConfusedPairs.
std::vector<RunReport::ConfusedPair> RunReport::confusedPairs(const Evaluation &test) const
{
    std::vector<ConfusedPair> pairs;
    for (int t = 0; t < test.classes(); ++t)
        for (int p = 0; p < test.classes(); ++p)
            if (t != p && test.confusion()[std::size_t(t)][std::size_t(p)] > 0)
                pairs.push_back({t, p, test.confusion()[std::size_t(t)][std::size_t(p)]});
    std::stable_sort(pairs.begin(), pairs.end(), [](const ConfusedPair &a, const ConfusedPair &b) { return a.count > b.count; });
    if (int(pairs.size()) > kConfusedPairs)
        pairs.resize(kConfusedPairs);
    return pairs;
}

QString RunReport::confusedPairsSection(const Evaluation &test) const
{
    const std::vector<ConfusedPair> pairs = confusedPairs(test);
    QString html = section(QStringLiteral("Most confused pairs, with example snippets"));
    if (pairs.empty())
        return html + QStringLiteral("<p>No test snippet was misclassified.</p>\n");
    const std::vector<PredictionRow> rows = PredictionRow::ofSnippets(m_run.predictions(SplitPart::Test));
    html += QStringLiteral("<table class=\"grid\">\n");
    html += row({QStringLiteral("True"), QStringLiteral("Predicted as"), QStringLiteral("Snippets"),
                 QStringLiteral("Examples (track, start, confidence)")}, "th");
    for (const ConfusedPair &pair : pairs) {
        const std::vector<PredictionRow> examples =
            PredictionRow::mostConfidentlyWrong(PredictionRow::inCell(rows, pair.trueLabel, pair.predicted), kExamplesPerPair);
        QStringList lines;
        for (const PredictionRow &example : examples)
            // One arg() call: chained, a track named "%2" would be filled in by the next.
            lines << QStringLiteral("%1 at %2 s (%3)").arg(escaped(m_run.trackName(example.track)),
                                                             QString::number(example.start, 'f', 1), percent(example.confidence));
        html += row({escaped(m_run.labels().value(pair.trueLabel)), escaped(m_run.labels().value(pair.predicted)),
                     QString::number(pair.count), lines.join(QStringLiteral("<br>"))});
    }
    return html + QStringLiteral("</table>\n");
}

// The most confused pairs' most confidently wrong snippets, each as its mel image with
// the occlusion map of the class it was mistaken for: what the model heard there.
QString RunReport::evidenceSection(const Evaluation &test, Images images, std::vector<QImage> *pictures) const
{
    std::vector<ConfusedPair> pairs = confusedPairs(test);
    if (int(pairs.size()) > kEvidencePairs)
        pairs.resize(kEvidencePairs);
    QString html = section(QStringLiteral("Evidence: what the model heard in its mistakes"));
    if (pairs.empty())
        return html + QStringLiteral("<p>No test snippet was misclassified.</p>\n");
    std::unique_ptr<Saliency> saliency;
    try {
        saliency = std::make_unique<Saliency>(m_run.path());
    } catch (const Error &error) {
        return html + QStringLiteral("<p>No evidence: the run's model could not be read (%1).</p>\n").arg(escaped(error.message()));
    }
    Saliency::Options options; // occlusion by 10 × 10 patches of 0.3 s × 10 mel bands
    html += QStringLiteral("<p>For the most confused pairs, the snippets the model got most confidently wrong, each "
                           "drawn as the network receives it (3 s, time to the right, mel bands up, louder darker) with "
                           "its <b>occlusion</b> map for the predicted (wrong) class laid over it: each patch of %1 frames "
                           "(0.3 s) × %2 mel bands is silenced in turn, and yellow to red marks where that lowered the "
                           "predicted class's probability most (the evidence for the mistake), blue where it raised it. "
                           "The maps come from the run's model (best.pt)%3.</p>\n")
                .arg(options.patchFrames).arg(options.patchBands)
                .arg(m_run.config().refitEpochs > 0 ? QStringLiteral(", here the refit one, which may predict these snippets "
                                                                     "otherwise than the figures above say")
                                                    : QString());
    const std::vector<PredictionRow> rows = PredictionRow::ofSnippets(m_run.predictions(SplitPart::Test));
    TrackFeaturizer featurizer;
    for (const ConfusedPair &pair : pairs) {
        options.classIndex = pair.predicted;
        html += QStringLiteral("<h3>%1 heard as %2</h3>\n<table><tr>\n")
                    .arg(escaped(m_run.labels().value(pair.trueLabel)), escaped(m_run.labels().value(pair.predicted)));
        for (const PredictionRow &example :
             PredictionRow::mostConfidentlyWrong(PredictionRow::inCell(rows, pair.trueLabel, pair.predicted), kEvidencePerPair))
            html += evidenceCell(example, *saliency, options, featurizer, images == Images::Inline ? nullptr : pictures);
        html += QStringLiteral("</tr></table>\n");
    }
    return html;
}

// One example as a table cell: its picture (inlined, or named for the PDF when
// `pictures` collects them), track, time and the probability of the class explained.
QString RunReport::evidenceCell(const PredictionRow &example, const Saliency &saliency, const Saliency::Options &options,
                                TrackFeaturizer &featurizer, std::vector<QImage> *pictures) const
{
    const QString name = escaped(m_run.trackName(example.track));
    const QString start = QString::number(example.start, 'f', 1);
    try {
        const std::vector<float> mel = featurizer.featurizeSnippetAt(m_run.trackPath(example.track), example.start);
        const Saliency::Map map = saliency.explain(mel, options);
        const QImage image = EvidenceImage::render(mel, map.values);
        QString source = pngDataUri(image);
        if (pictures) {
            source = kEvidenceResource.arg(pictures->size());
            pictures->push_back(image);
        }
        // One arg() call: chained, a track named "%2" would be filled in by the next.
        return QStringLiteral("<td><img class=\"evidence\" src=\"%1\" alt=\"evidence\" width=\"%5\"><br>%2 at %3 s, "
                              "p(%4) = %6</td>\n")
            .arg(source, name, start, escaped(m_run.labels().value(map.classIndex)), QString::number(image.width()),
                 percent(map.probability));
    } catch (const Error &error) {
        return QStringLiteral("<td>%1 at %2 s: no evidence (%3)</td>\n").arg(name, start, escaped(error.message()));
    }
}

QString RunReport::environmentSection(const QString &reportPath) const
{
    double seconds = 0.0;
    for (const EpochMetrics &m : m_run.metrics())
        seconds += m.seconds;
    QString html = section(QStringLiteral("Environment"));
    html += QStringLiteral("<table class=\"kv\">\n");
    html += row({QStringLiteral("GenreLab"), QStringLiteral(GENRELAB_VERSION)});
    html += row({QStringLiteral("Qt"), QString::fromLatin1(qVersion())});
    html += row({QStringLiteral("LibTorch"), escaped(TorchRuntime::version())});
    html += row({QStringLiteral("System"), escaped(QSysInfo::prettyProductName())});
    html += row({QStringLiteral("Training threads"), m_run.config().threads ? QString::number(m_run.config().threads)
                                                                            : QStringLiteral("all (%1)").arg(QThread::idealThreadCount())});
    html += row({QStringLiteral("Training time"), QStringLiteral("%1 s over %2 epochs").arg(seconds, 0, 'f', 1).arg(m_run.metrics().size())});
    html += row({QStringLiteral("Run folder"), QStringLiteral("<code>%1</code>").arg(escaped(QDir::toNativeSeparators(m_run.path())))});
    html += QStringLiteral("</table>\n<p>Data: ");
    QStringList links;
    const RunDirectory run(m_run.path());
    // Relative to the report, so a report moved or copied together with its run still
    // links; absolute only when the report has no file yet (a preview).
    const QDir reportDir = QFileInfo(reportPath).absoluteDir();
    for (const QString &file : {run.metricsPath(), run.confusionPath(), run.predictionsPath()}) {
        const QString target = reportPath.isEmpty()
            ? QUrl::fromLocalFile(QFileInfo(file).absoluteFilePath()).toString()
            : QString::fromUtf8(QUrl::toPercentEncoding(reportDir.relativeFilePath(QFileInfo(file).absoluteFilePath()), "/"));
        links << QStringLiteral("<a href=\"%1\">%2</a>").arg(escaped(target), QFileInfo(file).fileName());
    }
    return html + links.join(QStringLiteral(", ")) + QStringLiteral("</p>\n");
}

QString RunReport::html(Images images, const QString &reportPath) const
{
    std::vector<QImage> pictures;
    return html(images, reportPath, &pictures);
}

QString RunReport::html(Images images, const QString &reportPath, std::vector<QImage> *pictures) const
{
    const Evaluation test = m_run.evaluation(SplitPart::Test);
    QString html = QStringLiteral(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>GenreLab report: %1</title>\n"
        "<style>body{font-family:sans-serif;max-width:60em;margin:1em auto;color:#222}"
        "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #bbb;padding:3px 6px}"
        "table.kv td:first-child{color:#555}th{background:#eee}h2{border-bottom:1px solid #ccc;margin-top:1.4em}"
        "code{font-size:90%}</style></head><body>\n")
                       .arg(escaped(m_run.name()));
    html += QStringLiteral("<h1>GenreLab report: %1</h1>\n<p>Written %2. Test snippet accuracy <b>%3</b>; track accuracy "
                           "by vote <b>%4</b>.</p>\n")
                .arg(escaped(m_run.name()), QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd hh:mm")),
                     percent(test.snippetAccuracy()), percent(test.trackAccuracyVote()));
    html += datasetSection() + configurationSection() + curvesSection(images) + metricsSection(test)
            + confusionSection(test) + confusedPairsSection(test) + evidenceSection(test, images, pictures)
            + environmentSection(reportPath);
    return html + QStringLiteral("</body></html>\n");
}

void RunReport::write(const QString &path) const
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("pdf")) {
        writePdf(path);
        return;
    }
    if (suffix != QLatin1String("html") && suffix != QLatin1String("htm"))
        throw Error(Error::Kind::InvalidArgument, path, QStringLiteral("a report is written as .html or .pdf"));
    CheckedSaveFile::save(path, html(Images::Inline, path).toUtf8());
}

void RunReport::writePdf(const QString &path) const
{
    // Into memory, then through the one atomic writer: it refuses a device or a pipe at
    // `path`, and nothing is written through a file name a link could redirect.
    QBuffer bytes;
    bytes.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&bytes);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setResolution(96); // QTextDocument lays out in screen pixels: 96 dpi keeps text at its point size
        writer.setTitle(QStringLiteral("GenreLab report: ") + m_run.name());
        writer.setCreator(QStringLiteral("GenreLab ") + QStringLiteral(GENRELAB_VERSION));
        QTextDocument document;
        std::vector<QImage> pictures;
        const QString text = html(Images::Vectors, path, &pictures);
        for (std::size_t i = 0; i < pictures.size(); ++i)
            document.addResource(QTextDocument::ImageResource, QUrl(kEvidenceResource.arg(i)), pictures[i]);
        document.setHtml(text);
        ReportChartObject charts({lossCurves(), accuracyCurves()}, kPdfChartSize);
        charts.insert(document, kChartMarkers);
        document.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size());
        document.print(&writer);
    }
    if (bytes.data().isEmpty())
        throw Error(Error::Kind::WriteFailed, path, QStringLiteral("the PDF could not be laid out"),
                    QStringLiteral("try the HTML report"));
    CheckedSaveFile::save(path, bytes.data());
}

} // namespace genrelab
