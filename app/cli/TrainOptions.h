#pragma once

#include "ml/TrainingConfig.h"

#include <QCommandLineParser>
#include <QStringList>

namespace genrelab::cli {

// The options that set up a training run (--split, --epochs, --batch, --lr, …): one
// list, one parser of their values, shared by train and crossval (whose --compare
// takes two such option strings), so both accept and check the same words.
// Thread contract: stateless.
class TrainOptions
{
public:
    // Adds every training option to `parser`.
    static void addTo(QCommandLineParser &parser);
    // `config` with every option the user gave applied, each value checked (OptionError
    // on a bad value, Error(InvalidArgument) from TrainingConfig::validate()).
    static TrainingConfig apply(TrainingConfig config, const QCommandLineParser &parser);
    // The two halves of apply(): the recipe --preset names (if given), and every other
    // option. crossval's --compare strings need them apart: the presets (outside, then the
    // string's) come first, then the options outside, then the string's own, so an option
    // given once outside holds for both configurations whatever preset a string names.
    static TrainingConfig applyPreset(TrainingConfig config, const QCommandLineParser &parser);
    static TrainingConfig applyOptions(TrainingConfig config, const QCommandLineParser &parser);
    // The options that define a run (everything but --epochs and --threads): given with
    // --resume they must agree with the run's config.json.
    static const QStringList &runDefining();
    // Of runDefining(): those the user gave whose value differs between `run` and `asked`.
    static QStringList conflicting(const TrainingConfig &run, const TrainingConfig &asked, const QCommandLineParser &parser);
};

} // namespace genrelab::cli
