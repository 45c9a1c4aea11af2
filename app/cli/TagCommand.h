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
    QString name() const override { return QStringLiteral("tag"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;

private:
    int undo(const QString &journal);
};

} // namespace genrelab::cli
