#include "GenreClasses.h"

#include "GenreName.h"

#include <QHash>
#include <QMap>

#include <algorithm>

namespace genrelab {

namespace {

struct Spellings
{
    QMap<QString, int> counts; // spelling → tracks (a QMap: ties resolve alphabetically)
    int total = 0;

    QString mostFrequent() const
    {
        QString best;
        int bestCount = 0;
        for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
            if (it.value() > bestCount) {
                best = it.key();
                bestCount = it.value();
            }
        }
        return best;
    }
};

} // namespace

QStringList GenreClasses::assign(std::vector<Track> &tracks, int minimumTracks, std::vector<DatasetNotes::LeftOut> &leftOut,
                                 const QMap<QString, QString> &words)
{
    if (!words.isEmpty()) {
        for (Track &track : tracks)
            if (!track.label.isEmpty())
                track.label = words.value(GenreName::key(track.label), track.label);
    }
    QHash<QString, Spellings> byKey;
    for (const Track &track : tracks) {
        if (track.label.isEmpty())
            continue;
        Spellings &spellings = byKey[GenreName::key(track.label)];
        ++spellings.counts[track.label];
        ++spellings.total;
    }
    QMap<QString, QString> kept; // name → key, so that classes come out sorted by name
    QMap<QString, int> dropped;
    for (auto it = byKey.cbegin(); it != byKey.cend(); ++it) {
        if (it.value().total >= minimumTracks)
            kept.insert(it.value().mostFrequent(), it.key());
        else
            dropped.insert(it.value().mostFrequent(), it.value().total);
    }
    const QStringList labels = kept.keys();
    QHash<QString, int> indexOfKey;
    for (int i = 0; i < labels.size(); ++i)
        indexOfKey.insert(kept.value(labels[i]), i);
    for (Track &track : tracks) {
        const int index = track.label.isEmpty() ? -1 : indexOfKey.value(GenreName::key(track.label), -1);
        track.labelIndex = index;
        track.label = index >= 0 ? labels[index] : QString();
    }
    for (auto it = dropped.cbegin(); it != dropped.cend(); ++it)
        leftOut.push_back({it.key(), it.value(),
                           QStringLiteral("fewer than %1 tracks (the minimum per class)").arg(minimumTracks)});
    return labels;
}

} // namespace genrelab
