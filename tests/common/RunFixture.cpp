#include "RunFixture.h"

#include "ml/RunDirectory.h"

namespace genrelab::test {

const QStringList &RunFixture::labels()
{
    static const QStringList labels = {QStringLiteral("blues"), QStringLiteral("jazz"), QStringLiteral("rock")};
    return labels;
}

const QStringList &RunFixture::trackNames()
{
    static const QStringList names = {QStringLiteral("blues/a.wav"), QStringLiteral("jazz/b.wav"),
                                      QStringLiteral("rock/c, \"live\".wav"), QStringLiteral("blues/d.wav"),
                                      QStringLiteral("rock/e.wav")};
    return names;
}

const QStringList &RunFixture::awkwardLabels()
{
    static const QStringList labels = {QStringLiteral("Rock, Pop"), QStringLiteral("say \"jazz\""),
                                       QStringLiteral("two\nlines, \"quoted\"\r\n%1")};
    return labels;
}

const QStringList &RunFixture::awkwardTrackNames()
{
    static const QStringList names = {QStringLiteral("a, b/c.wav"), QStringLiteral("\"quoted\".wav"),
                                      QStringLiteral("line\nbreak.wav"), QStringLiteral("cr\r\nlf, \"%1 %2\".wav"),
                                      QStringLiteral("plain.wav")};
    return names;
}

std::vector<SnippetPrediction> RunFixture::predictions()
{
    return {
        {0, 0, 0.0, 0, 0, {0.8f, 0.1f, 0.1f}}, {0, 1, 3.0, 0, 2, {0.2f, 0.1f, 0.7f}},
        {1, 0, 0.0, 1, 1, {0.1f, 0.6f, 0.3f}}, {1, 1, 3.0, 1, 0, {0.95f, 0.03f, 0.02f}},
        {2, 0, 0.0, 2, 2, {0.3f, 0.3f, 0.4f}}, {2, 1, 3.0, 2, 2, {0.1f, 0.1f, 0.8f}},
        {3, 0, 0.0, 0, 1, {0.2f, 0.5f, 0.3f}}, {4, 0, 0.0, 2, 2, {0.0f, 0.1f, 0.9f}},
    };
}

QString RunFixture::write(const QString &folder, const QString &datasetRoot, const QString &split, const QStringList &labels,
                          const QStringList &trackNames)
{
    const RunDirectory run(folder);
    TrainingConfig config;
    config.datasetRoot = datasetRoot;
    config.split = *DataSplit::parseKind(split);
    run.create(config, labels, QStringLiteral("%1 split (seed 1): 5 / 3 / 2 tracks").arg(split));
    run.writeMetrics({{1, 1.2, 0.4, 1.1, 0.5, 2.0}, {2, 0.8, 0.7, 1.0, 0.625, 2.0}});
    const std::vector<SnippetPrediction> all = predictions();
    std::vector<QString> parts(all.size(), QStringLiteral("valid"));
    for (std::size_t i = 6; i < all.size(); ++i)
        parts[i] = QStringLiteral("test");
    run.writePredictions(all, parts, trackNames, labels);
    const std::vector<SnippetPrediction> test(all.begin() + 6, all.end());
    run.writeEvaluation(Evaluation::fromPredictions(test, int(labels.size())), labels);
    return folder;
}

} // namespace genrelab::test
