#include "ConsoleProgress.h"

#include <unistd.h>

#include <algorithm>

namespace genrelab {

namespace {
constexpr int kBarWidth = 30;
constexpr qint64 kTerminalRedrawMs = 100;

QString formatSeconds(double seconds)
{
    const auto total = qint64(seconds + 0.5);
    return total >= 60 ? QStringLiteral("%1m%2s").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'))
                       : QStringLiteral("%1s").arg(total);
}
} // namespace

ConsoleProgress::ConsoleProgress(std::FILE *stream, int plainIntervalMs)
    : m_stream(stream)
    , m_isTerminal(::isatty(fileno(stream)) == 1)
    , m_plainIntervalMs(plainIntervalMs)
{
    m_clock.start();
}

void ConsoleProgress::report(const QString &message, double fraction)
{
    std::lock_guard lock(m_mutex);
    const qint64 now = m_clock.elapsed();
    const qint64 interval = m_isTerminal ? kTerminalRedrawMs : m_plainIntervalMs;
    if (m_lastDrawMs >= 0 && now - m_lastDrawMs < interval)
        return;
    m_lastDrawMs = now;
    drawBar(message, fraction);
}

void ConsoleProgress::drawBar(const QString &message, double fraction)
{
    QString eta;
    if (fraction > 0.01 && fraction < 1.0)
        eta = QStringLiteral(" ETA ") + formatSeconds(m_clock.elapsed() / 1000.0 * (1.0 - fraction) / fraction);
    const double clamped = std::clamp(fraction, 0.0, 1.0);
    const QString percent = fraction < 0 ? QStringLiteral("  ?%") : QStringLiteral("%1%").arg(int(clamped * 100), 3);
    if (m_isTerminal) {
        const int filled = int(clamped * kBarWidth);
        const QString bar = QString(filled, QLatin1Char('#')) + QString(kBarWidth - filled, QLatin1Char('-'));
        std::fprintf(m_stream, "\r[%s] %s %s%s\033[K", qPrintable(bar), qPrintable(percent), qPrintable(message),
                     qPrintable(eta));
    } else {
        std::fprintf(m_stream, "%s %s%s\n", qPrintable(percent), qPrintable(message), qPrintable(eta));
    }
    std::fflush(m_stream);
}

void ConsoleProgress::finish(const QString &summary)
{
    std::lock_guard lock(m_mutex);
    if (m_isTerminal)
        std::fprintf(m_stream, "\r\033[K");
    std::fflush(m_stream);
    Q_UNUSED(summary); // the caller prints its own summary on stdout
}

} // namespace genrelab
