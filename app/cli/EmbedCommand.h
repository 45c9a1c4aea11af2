#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli embed MODEL DATASET --out points.csv [--tsne] [--all]: the embedding map as
// CSV (track, snippet, split, true, predicted, x, y), one row per snippet.
class EmbedCommand : public Command
{
public:
    static constexpr bool kInModule = true;
    static QString commandName() { return QStringLiteral("embed"); }
    static QString commandSummary()
    {
        return QStringLiteral("The embedding map: the vector the model's last layer classifies, for every validation and test "
                              "snippet, projected to 2-D (PCA, or t-SNE) as CSV.");
    }
    QString name() const override { return commandName(); }
    QString summary() const override { return commandSummary(); }
    int run(const QStringList &arguments) override;
};

} // namespace genrelab::cli
