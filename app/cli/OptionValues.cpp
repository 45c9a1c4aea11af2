#include "OptionValues.h"

#include "util/WorkerThreads.h"

#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace genrelab::cli {

OptionError::OptionError(const QString &message)
    : std::runtime_error(message.toStdString())
{
}

OptionValues::OptionValues(const QCommandLineParser &parser)
    : m_parser(parser)
{
}

void OptionValues::reject(const QString &name, const QString &accepted) const
{
    throw OptionError(QStringLiteral("--%1 takes %2, not \"%3\"").arg(name, accepted, m_parser.value(name)));
}

int OptionValues::integer(const QString &name, int min, int max, int fallback) const
{
    if (!m_parser.isSet(name))
        return fallback;
    bool ok = false;
    const qlonglong value = m_parser.value(name).trimmed().toLongLong(&ok);
    if (!ok || value < min || value > max)
        reject(name, QStringLiteral("a whole number from %1 to %2").arg(min).arg(max));
    return int(value);
}

double OptionValues::number(const QString &name, double min, double max, double fallback) const
{
    if (!m_parser.isSet(name))
        return fallback;
    bool ok = false;
    const double value = m_parser.value(name).trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < min || value > max)
        reject(name, QStringLiteral("a number from %1 to %2").arg(min).arg(max));
    return value;
}

std::optional<WindowPolicy> OptionValues::windows(const QString &name) const
{
    if (!m_parser.isSet(name))
        return std::nullopt;
    const auto policy = WindowPolicy::parse(m_parser.value(name).trimmed());
    if (!policy)
        reject(name, QStringLiteral("\"all\" or a window count from 1 to %1").arg(WindowPolicy::maxWindows));
    return policy;
}

QCommandLineOption OptionValues::windowsOption()
{
    return {QStringLiteral("windows"),
            QStringLiteral("Snippets per track: N windows spread over the whole track, or all (every 3-s snippet from "
                           "the start). Default: all for GTZAN and label folders, %1 for tags and FMA.")
                .arg(WindowPolicy::defaultWindows),
            QStringLiteral("N|all")};
}

std::uint64_t OptionValues::seed(const QString &name, std::uint64_t fallback) const
{
    if (!m_parser.isSet(name))
        return fallback;
    bool ok = false;
    const QString text = m_parser.value(name).trimmed();
    const std::uint64_t value = text.startsWith(u'-') ? 0 : text.toULongLong(&ok);
    if (!ok)
        reject(name, QStringLiteral("a whole number from 0 to %1").arg(std::numeric_limits<std::uint64_t>::max()));
    return value;
}

QString OptionValues::choice(const QString &name, const QStringList &allowed, const QString &fallback) const
{
    if (!m_parser.isSet(name))
        return fallback;
    const QString value = m_parser.value(name).trimmed();
    if (!allowed.contains(value)) {
        QString words = allowed.join(QStringLiteral(", "));
        if (allowed.size() > 1)
            words.replace(words.lastIndexOf(QStringLiteral(", ")), 2, QStringLiteral(" or "));
        reject(name, words);
    }
    return value;
}

const char *const OptionValues::confidenceForms =
    "a fraction 0–1 (0.4), a percentage with % (40%), or a whole number 2–100 meaning percent (40)";

// A bare number is a fraction up to 1 and a percentage from 2: between the two ("1.5")
// it could be either, so only whole percentages are taken bare. Anything else —
// negative, over 100 %, not a number — is refused rather than guessed at.
double OptionValues::confidence(const QString &name, double fallback) const
{
    if (!m_parser.isSet(name))
        return fallback;
    QString text = m_parser.value(name).trimmed();
    const bool percent = text.endsWith(u'%');
    if (percent)
        text.chop(1);
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    const bool whole = value == std::floor(value);
    if (ok && std::isfinite(value) && value >= 0.0) {
        if (percent && value <= 100.0)
            return value / 100.0;
        if (!percent && value <= 1.0)
            return value;
        if (!percent && value >= 2.0 && value <= 100.0 && whole)
            return value / 100.0;
    }
    reject(name, QString::fromUtf8(confidenceForms));
}

int OptionValues::maxThreads()
{
    return maxThreadCount(); // the core's own cap, so a command can never ask for more than it gets
}

int OptionValues::threads(const QString &name) const
{
    if (!m_parser.isSet(name))
        return QThread::idealThreadCount();
    bool ok = false;
    const qlonglong value = m_parser.value(name).trimmed().toLongLong(&ok);
    if (!ok || value < 1)
        reject(name, QStringLiteral("a whole number of threads, 1 or more (leave it out for all %1 cores)")
                         .arg(QThread::idealThreadCount()));
    if (value > maxThreads()) {
        std::fprintf(stderr, "genrelab-cli: note: --%s %lld is more than 4 per core; using %d\n", qPrintable(name), value,
                     maxThreads());
        return maxThreads();
    }
    return int(value);
}

} // namespace genrelab::cli
