#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli report RUN_DIR --out report.html|report.pdf: the run as one document.
// Needs a QGuiApplication (fonts, painting): main() makes one, offscreen, for it.
class ReportCommand : public Command
{
public:
    static constexpr bool kInModule = true;
    static QString commandName() { return QStringLiteral("report"); }
    static QString commandSummary()
    {
        return QStringLiteral("Write a run's report (configuration, curves, metrics, confusion matrix, most confused "
                              "pairs and their evidence, environment) as one HTML file with inlined images, or as PDF.");
    }
    QString name() const override { return commandName(); }
    QString summary() const override { return commandSummary(); }
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
