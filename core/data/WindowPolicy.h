#pragma once

#include <QString>

#include <optional>
#include <vector>

namespace genrelab {

// Which contract snippets of a track the featuriser computes:
// - every snippet, back to back from the start (training and evaluation: the
//   contract's layout, a trailing remainder dropped);
// - `count` windows spread evenly over the whole track (tagging a library: a four-minute
//   MP3 costs ten 3-s decodes, and the verdict hears the whole song, not its intro).
//   A track shorter than `count` snippets gives every snippet it has.
// Thread contract: a value type.
class WindowPolicy
{
public:
    static constexpr int defaultWindows = 10;
    static constexpr int maxWindows = 1000; // 50 minutes of snippets: more is "all"

    static WindowPolicy everySnippet() { return WindowPolicy(0); }
    static WindowPolicy spread(int count = defaultWindows) { return WindowPolicy(count < 1 ? 1 : count); }
    // The policy whose count() is `count` (0: every snippet): how a cache entry records it.
    static WindowPolicy ofCount(int count) { return count <= 0 ? everySnippet() : spread(count); }
    // "all" or the window count ("10"): the words of --windows.
    static std::optional<WindowPolicy> parse(const QString &text);
    QString name() const;
    // "every snippet" or "10 spread windows": for messages.
    QString describe() const;
    bool operator==(const WindowPolicy &) const = default;

    bool isEverySnippet() const { return m_count == 0; }
    int count() const { return m_count; }
    // The window starts, in seconds, for a track of `seconds` (spread: centred in `count`
    // equal parts; every snippet: 0, 3, 6, …).
    std::vector<double> starts(double seconds) const;

private:
    explicit WindowPolicy(int count)
        : m_count(count)
    {
    }
    int m_count; // 0: every snippet
};

} // namespace genrelab
