#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli dataset DIR [--labels folders|tags|fma] [--split KIND] [--json]: what
// GenreLab sees in a folder — layout, classes, classes left out, unlabelled, unreadable
// and missing files, and (with --split) each track's part. Reads tags and lists, decodes
// nothing. --json prints DatasetJson's "genrelab.dataset/1" document.
class DatasetCommand : public Command
{
public:
    static constexpr bool kInModule = false;
    static QString commandName() { return QStringLiteral("dataset"); }
    static QString commandSummary();
    QString name() const override { return commandName(); }
    QString summary() const override { return commandSummary(); }
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
