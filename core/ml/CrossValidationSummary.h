#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace genrelab {

class Evaluation;

// What a cross-validation measured, read back from the fold runs' own predictions.csv
// (so the summary can always be recomputed from the run folders): per fold the test
// part's snippet accuracy, track accuracy by vote and macro F1 (snippets; the mean F1 of
// the classes present in the fold's test tracks); per configuration each figure's mean,
// sample standard deviation and 95 % t interval; for two configurations on the same
// folds, the paired difference (second − first) with its 95 % interval.
// Written as summary.json (schema "crossval/1") and summary.csv (util/Csv), and as a
// text table for the terminal.
// Thread contract: a value type.
class CrossValidationSummary
{
public:
    struct Fold
    {
        int fold = 0; // 1-based
        QString runDir;
        int tracks = 0;
        int snippets = 0;
        double snippetAccuracy = 0.0;
        double trackAccuracy = 0.0; // by majority vote
        double macroF1 = 0.0;
        QStringList testTracks; // relative paths, as in predictions.csv
    };
    struct Configuration
    {
        QString name;    // "a", "b" (or "" for a single one)
        QString options; // the options it was trained with, as given
        bool refit = false; // scored with each fold's refit model
        std::vector<Fold> folds;
    };
    // The figures the summary reports, in order: JSON/CSV names and table headings.
    static const QStringList &figureKeys();

    // Reads `runDir`'s test predictions: of the model chosen on validation, or with
    // `refit` of the model refit on train + validation. Throws Error (FileMissing, Corrupt).
    static Fold readFold(int fold, const QString &runDir, bool refit = false);
    static double macroF1(const Evaluation &evaluation);

    void add(Configuration configuration) { m_configurations.push_back(std::move(configuration)); }
    const std::vector<Configuration> &configurations() const { return m_configurations; }

    // The `key` figure of each fold of configuration `index`.
    std::vector<double> values(std::size_t index, const QString &key) const;
    QJsonObject toJson() const;
    QString toCsv() const;
    QString table() const;
    // summary.json and summary.csv in `dir`, each replaced atomically. Throws Error(WriteFailed).
    void write(const QString &dir) const;

private:
    std::vector<Configuration> m_configurations;
};

} // namespace genrelab
