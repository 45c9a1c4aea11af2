#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli bench featurize DIR | cache FILE | train | tag DIR | explain | dataset DIR: print figures, never
// fail on time. Compare with ../shared/bench's peers at the same thread count.
class BenchCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("bench"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;

private:
    int featurize(const QCommandLineParser &parser);
    int cache(const QCommandLineParser &parser);
    int tag(const QCommandLineParser &parser);
    int explain(const QCommandLineParser &parser);
    int dataset(const QCommandLineParser &parser);
};

} // namespace genrelab::cli
