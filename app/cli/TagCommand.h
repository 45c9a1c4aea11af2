#pragma once

#include "Command.h"

#include <vector>

namespace genrelab {
struct TagChange;
}

namespace genrelab::cli {

// genrelab-cli tag MODEL MUSIC_DIR [--write] [--min-confidence X] [--map FILE]
//                  [--csv OUT] [--m3u DIR]
// genrelab-cli tag --undo JOURNAL
// Analyses a music folder (only what changed since the last time), then prints the
// genre tags it would write; --write writes them (journaled), --undo restores.
class TagCommand : public Command
{
public:
    static constexpr bool kInModule = true;
    static QString commandName() { return QStringLiteral("tag"); }
    static QString commandSummary()
    {
        return QStringLiteral("Suggest a genre for every track of a music folder and, with --write, write it as a tag "
                              "(journaled; --undo JOURNAL restores). Dry run by default.");
    }
    QString name() const override { return commandName(); }
    QString summary() const override { return commandSummary(); }
    int run(const QStringList &arguments) override;

private:
    int undo(const QString &journal);
};

} // namespace genrelab::cli
