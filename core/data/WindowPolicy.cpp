#include "WindowPolicy.h"

#include "dsp/FeatureContract.h"

#include <algorithm>
#include <cmath>

namespace genrelab {

std::vector<double> WindowPolicy::starts(double seconds) const
{
    using C = FeatureContract;
    const int fit = seconds > 0.0 ? int(std::floor(seconds / C::snippetSeconds())) : 0;
    const int count = isEverySnippet() ? fit : std::min(m_count, fit);
    std::vector<double> result;
    result.reserve(std::size_t(count));
    for (int i = 0; i < count; ++i)
        result.push_back(count == fit ? i * C::snippetSeconds() // every snippet (or a short track)
                                      : (seconds - C::snippetSeconds()) * (i + 0.5) / count);
    return result;
}

std::optional<WindowPolicy> WindowPolicy::parse(const QString &text)
{
    if (text == QLatin1String("all"))
        return everySnippet();
    bool ok = false;
    const int count = text.toInt(&ok);
    if (!ok || count < 1 || count > maxWindows)
        return std::nullopt;
    return spread(count);
}

QString WindowPolicy::name() const
{
    return isEverySnippet() ? QStringLiteral("all") : QString::number(m_count);
}

QString WindowPolicy::describe() const
{
    return isEverySnippet() ? QStringLiteral("every snippet") : QStringLiteral("%1 spread windows").arg(m_count);
}

} // namespace genrelab
