#pragma once

#include "CachedTrack.h"

#include <QFile>
#include <QHash>
#include <QString>

#include <span>
#include <vector>

namespace genrelab {

// What a featurisation run has finished so far, beside the cache (<cache>.recovery):
// each computed track is appended as one self-checking record (its entry, its
// features, an MD5 of both) as soon as it is done. The cache itself is only replaced
// at the end; if the run is killed, the next one reads the log's intact records and
// computes only what is missing. A torn last record is ignored; the log is removed
// when the cache is committed.
// Thread contract: append() from one thread at a time (the builder holds its lock).
class FeatureRecoveryLog
{
public:
    static QString pathFor(const QString &cachePath);

    // Reads the intact records of a previous run's log (none when there is no log).
    explicit FeatureRecoveryLog(const QString &cachePath);
    // Entries recovered, by path; features() reads one's values back.
    const QHash<QString, CachedTrack> &recovered() const { return m_recovered; }
    std::vector<float> features(const QString &path);

    // Starts the log for this run, keeping the recovered records. Failure to write the
    // log only costs resumability: it never stops featurisation.
    void startAppending();
    void append(const CachedTrack &entry, std::span<const float> values);
    void remove();

private:
    QString m_path;
    QFile m_file;
    QHash<QString, CachedTrack> m_recovered;
    QHash<QString, qint64> m_valuesAt; // offset of each recovered track's values
    bool m_appending = false;
};

} // namespace genrelab
