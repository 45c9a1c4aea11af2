#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <vector>

namespace genrelab {

// One file of a music library as the catalog remembers it: where and what it was when
// analysed (to notice changes), its tags, and the model's verdict — the mean
// probability over its windows and each window's probabilities for the timeline.
struct CatalogTrack
{
    QString path;
    qint64 size = -1;
    QDateTime modified;
    double duration = 0.0;
    QString artist, title, genreTag;
    QString error;    // why it could not be analysed; empty when it was
    QString model;    // which model (and window count) produced the verdict
    int label = -1;   // class index by mean probability
    double confidence = 0.0;
    std::vector<float> meanProbabilities;
    std::vector<float> windowProbabilities; // windows × classes
    std::vector<double> windowStarts;
    QStringList warnings; // what was odd but usable (a truncated file); this analysis only, not stored

    bool ok() const { return error.isEmpty() && label >= 0; }
};

} // namespace genrelab
