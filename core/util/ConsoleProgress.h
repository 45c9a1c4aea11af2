#pragma once

#include "ProgressReporter.h"

#include <QElapsedTimer>

#include <cstdio>
#include <mutex>

namespace genrelab {

// Progress for the CLI: a redrawn bar with ETA on a terminal, plain lines (at most one
// per `plainInterval` ms) when stderr is a pipe or a file, so logs stay readable.
// Thread contract: report() is serialised by a mutex; call from any thread.
class ConsoleProgress : public ProgressReporter
{
public:
    explicit ConsoleProgress(std::FILE *stream = stderr, int plainIntervalMs = 2000);
    void report(const QString &message, double fraction) override;
    void finish(const QString &summary) override;

private:
    void drawBar(const QString &message, double fraction);

    std::FILE *m_stream;
    bool m_isTerminal;
    int m_plainIntervalMs;
    QElapsedTimer m_clock;
    qint64 m_lastDrawMs = -1;
    std::mutex m_mutex;
};

} // namespace genrelab
