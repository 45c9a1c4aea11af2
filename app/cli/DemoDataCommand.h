#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli demo-data OUT_DIR [--seed S] [--clips N] [--seconds X] [--threads N]
class DemoDataCommand : public Command
{
public:
    static constexpr bool kInModule = true; // FluidSynth: see CommandList.h
    static QString commandName() { return QStringLiteral("demo-data"); }
    static QString commandSummary()
    {
        return QStringLiteral("Synthesise the demo dataset: ten genre caricatures as WAV files in OUT_DIR/<genre>/, "
                              "deterministic for a seed.");
    }
    QString name() const override { return commandName(); }
    QString summary() const override { return commandSummary(); }
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
