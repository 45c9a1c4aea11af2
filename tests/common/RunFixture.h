#pragma once

#include "ml/Evaluation.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace genrelab::test {

// A finished run folder written through RunDirectory exactly as the trainer writes
// one, without training: three classes, five tracks (one name needing CSV quoting),
// six validation and two test snippets, two epochs. For the models and reports that
// read runs back.
class RunFixture
{
public:
    static const QStringList &labels();
    static const QStringList &trackNames();
    static std::vector<SnippetPrediction> predictions(); // the first 6 are validation, the rest test
    // Labels and track names holding commas, quotes, CR and LF, and "%1" for arg().
    static const QStringList &awkwardLabels();
    static const QStringList &awkwardTrackNames();
    // Returns `folder`. `split` as DataSplit names it ("track", "seed", ...); other
    // names may replace labels() and trackNames() (as many of each).
    static QString write(const QString &folder, const QString &datasetRoot, const QString &split = QStringLiteral("track"),
                         const QStringList &labels = RunFixture::labels(),
                         const QStringList &trackNames = RunFixture::trackNames());
};

} // namespace genrelab::test
