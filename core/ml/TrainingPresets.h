#pragma once

#include "TrainingConfig.h"

#include <QString>
#include <QStringList>

namespace genrelab {

// Named training recipes, one list for the CLI (--preset NAME) and the GUI (the Train
// form's Recipe menu):
//  - "study": the published study's recipe (DESIGN.md, "Reference network") with its
//    shuffled-snippet seed split, to reproduce its 71 % and see why that figure leaks;
//  - "recommended": what 5-fold cross-validation by track found best on gtzan-mini
//    (README, "Presets"): the study's network and optimiser regularised by mixup and
//    dropout, trained longer, then refit on train + validation.
// A preset sets the recipe and keeps what belongs to the data (the class count, where the
// labels come from) and to the machine (threads, device). The epoch count is the
// recipe's only where `config` still has the default (so a resumed or explicit count
// stands); options given with a preset are applied after it by the caller.
// Thread contract: stateless.
class TrainingPresets
{
public:
    static QStringList names();
    // `config` with the recipe `name` applied; Error(InvalidArgument) for an unknown name.
    static TrainingConfig apply(const QString &name, TrainingConfig config);
    // One sentence for --help and tooltips.
    static QString description(const QString &name);
};

} // namespace genrelab
