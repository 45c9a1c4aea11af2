#pragma once

#include "BenchCommand.h"
#include "CrossvalCommand.h"
#include "DatasetCommand.h"
#include "DemoDataCommand.h"
#include "EmbedCommand.h"
#include "EvaluateCommand.h"
#include "ExplainCommand.h"
#include "ExportCommand.h"
#include "FeaturizeCommand.h"
#include "ImportCommand.h"
#include "InfoCommand.h"
#include "MelCommand.h"
#include "PredictCommand.h"
#include "ReportCommand.h"
#include "TagCommand.h"
#include "TrainCommand.h"

namespace genrelab::cli {

// The one list of subcommands, in the order `genrelab-cli --help` shows them: calls
// visit.template operator()<C>() for each Command class C. genrelab-cli makes and runs
// the commands without kInModule itself; genrelab-cli-ml.so, loaded on demand, makes
// and runs the others (issue 24, item 4). In the module: every command that needs
// LibTorch, which Debian's build makes drag OpenCV and Qt 5 along (0.7-1 s, 176 MB),
// and demo-data, FluidSynth's one user (its audio-server libraries are a quarter of
// the shared objects the executable would load otherwise). Each side instantiates only
// its own classes (if constexpr), so each links only their code.
template <typename Visitor>
void forEachCommand(Visitor &&visit)
{
    visit.template operator()<InfoCommand>();
    visit.template operator()<MelCommand>();
    visit.template operator()<DatasetCommand>();
    visit.template operator()<FeaturizeCommand>();
    visit.template operator()<DemoDataCommand>();
    visit.template operator()<TrainCommand>();
    visit.template operator()<CrossvalCommand>();
    visit.template operator()<EvaluateCommand>();
    visit.template operator()<PredictCommand>();
    visit.template operator()<ExplainCommand>();
    visit.template operator()<EmbedCommand>();
    visit.template operator()<ExportCommand>();
    visit.template operator()<ImportCommand>();
    visit.template operator()<ReportCommand>();
    visit.template operator()<TagCommand>();
    visit.template operator()<BenchCommand>();
}

} // namespace genrelab::cli
