#pragma once

#include "Command.h"

namespace genrelab::cli {

// genrelab-cli bench featurize DIR | cache FILE | train | tag DIR | explain | dataset DIR: print figures, never
// fail on time. Compare with ../shared/bench's peers at the same thread count.
class BenchCommand : public Command
{
public:
    static constexpr bool kInModule = true;
    static QString commandName() { return QStringLiteral("bench"); }
    static QString commandSummary()
    {
        return QStringLiteral("Benchmarks that print figures.\n"
                              "  featurize DIR   decode every audio file under DIR and compute all snippets' features;\n"
                              "                  prints a line ending snippets_per_s=<x>\n"
                              "  cache FILE      open a feature cache: time, memory, and a full read of its features\n"
                              "  train           training and inference throughput of the reference CRNN on random batches;\n"
                              "                  prints a line ending train_samples_per_s=<x> infer_samples_per_s=<y>;\n"
                              "                  --world-size N: one process, then N local ranks (c10d/Gloo, same threads\n"
                              "                  per rank, same global batch), and their ratio (genrelab_train_scaling);\n"
                              "                  --from-cache DATASET: the real path (trainer, cache, validation, checkpoints)\n"
                              "                  beside the random batches, and their ratio (genrelab_train_from_cache)\n"
                              "  tag DIR         analyse every audio file under DIR as `tag` does (windows, model, fresh\n"
                              "                  catalog each pass); prints a line ending tracks_per_s=<x>\n"
                              "  dataset DIR     open DIR as a dataset labelled by genre tags (tags only, nothing decoded):\n"
                              "                  seconds and peak memory; --generate N first writes N tagged MP3 stubs there\n"
                              "  explain         seconds per snippet of each saliency method (occlusion, integrated gradients\n"
                              "                  with 32 steps, Grad-CAM) on one snippet; --model as for tag; then the\n"
                              "                  embedding map's PCA of 10 000 × 64 and t-SNE of 5 000 points (--no-tsne skips it)");
    }
    QString name() const override { return commandName(); }
    QString summary() const override { return commandSummary(); }
    int run(const QStringList &arguments) override;

private:
    int featurize(const QCommandLineParser &parser);
    int trainFromCache(const QCommandLineParser &parser);
    int cache(const QCommandLineParser &parser);
    int tag(const QCommandLineParser &parser);
    int explain(const QCommandLineParser &parser);
    int dataset(const QCommandLineParser &parser);
};

} // namespace genrelab::cli
