#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli report RUN_DIR --out report.html|report.pdf: the run as one document.
// Needs a QGuiApplication (fonts, painting): main() makes one, offscreen, for it.
class ReportCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("report"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
