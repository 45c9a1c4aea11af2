#include "CancelOnInterrupt.h"

#include "util/ProgressReporter.h"

#include <csignal>

namespace genrelab::cli {

namespace {
// requestCancel() only stores to a lock-free std::atomic<bool>: async-signal-safe.
ProgressReporter *g_reporter = nullptr;

extern "C" void onSignal(int)
{
    if (g_reporter)
        g_reporter->requestCancel();
}
} // namespace

CancelOnInterrupt::CancelOnInterrupt(ProgressReporter &reporter)
{
    g_reporter = &reporter;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
}

CancelOnInterrupt::~CancelOnInterrupt()
{
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    g_reporter = nullptr;
}

} // namespace genrelab::cli
