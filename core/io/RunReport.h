#pragma once

#include "ReportChart.h"
#include "ml/RunResults.h"
#include "ml/Saliency.h"

#include <QImage>
#include <QString>

#include <vector>

namespace genrelab {

struct PredictionRow;
class TrackFeaturizer;

// One self-contained document about a training run: dataset and split (with the seed
// split's leakage warning), configuration, training curves, final metrics (snippet and
// track accuracy, per-class precision/recall/F1), the confusion matrix as a coloured
// table with counts and %, the most confused pairs with example snippets (track and
// time), the evidence for a few of those mistakes (each snippet's mel image with the
// run's model's occlusion map for the wrong class laid over it), the environment, and
// links to the run's CSV files. HTML with its images inlined, or PDF through Qt's PDF
// writer. The evidence runs the model (about 0.5 s a snippet on 2 threads), so a report
// of a run whose model or tracks are gone says so there and goes on.
// Thread contract: needs a QGuiApplication (fonts); any one thread at a time.
class RunReport
{
public:
    explicit RunReport(RunResults run);

    // For the HTML file, the curves are PNG data: URIs; for the PDF, markers that
    // writePdf() replaces with vector drawings. Links to the run's CSVs are relative to
    // `reportPath` (absolute without one).
    enum class Images { Inline, Vectors };
    QString html(Images images = Images::Inline, const QString &reportPath = {}) const;
    // By extension: .html/.htm or .pdf. Throws Error (InvalidArgument, WriteFailed).
    void write(const QString &path) const;

    QImage lossChart() const;
    QImage accuracyChart() const;
    // The epoch whose model best.pt holds: the first with the best validation accuracy.
    int bestEpoch() const;

private:
    struct ConfusedPair
    {
        int trueLabel, predicted, count;
    };
    // `pictures`: where Images::Vectors puts the evidence images that its HTML names
    // genrelab-evidence-N (writePdf() hands them to the document).
    QString html(Images images, const QString &reportPath, std::vector<QImage> *pictures) const;
    std::vector<ConfusedPair> confusedPairs(const Evaluation &test) const;
    QString evidenceSection(const Evaluation &test, Images images, std::vector<QImage> *pictures) const;
    QString evidenceCell(const PredictionRow &example, const Saliency &saliency, const Saliency::Options &options,
                         TrackFeaturizer &featurizer, std::vector<QImage> *pictures) const;
    ReportChart epochChart(const QString &title, const QString &yTitle, double EpochMetrics::*train,
                      double EpochMetrics::*valid, bool dashTraining, bool fraction) const;
    QString section(const QString &title) const;
    QString datasetSection() const;
    QString configurationSection() const;
    QString curvesSection(Images images) const;
    QString metricsSection(const Evaluation &test) const;
    QString confusionSection(const Evaluation &test) const;
    QString confusedPairsSection(const Evaluation &test) const;
    QString environmentSection(const QString &reportPath) const;
    ReportChart lossCurves() const;
    ReportChart accuracyCurves() const;
    void writePdf(const QString &path) const;

    RunResults m_run;
};

} // namespace genrelab
