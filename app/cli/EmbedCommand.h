#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli embed MODEL DATASET --out points.csv [--tsne] [--all]: the embedding map as
// CSV (track, snippet, split, true, predicted, x, y), one row per snippet.
class EmbedCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("embed"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
