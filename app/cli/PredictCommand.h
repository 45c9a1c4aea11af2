#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli predict RUN_DIR FILE... [--json]: the genre of each file with its
// probability and the top 3; a bad file gets an error line and the rest go on.
class PredictCommand : public Command
{
public:
    static constexpr bool kInModule = true;
    static QString commandName() { return QStringLiteral("predict"); }
    static QString commandSummary()
    {
        return QStringLiteral("Predict the genre of audio files with a trained run's best model (mean probability over "
                              "the file's 3-s snippets); --json for scripts.");
    }
    QString name() const override { return commandName(); }
    QString summary() const override { return commandSummary(); }
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
