#include "CancelOnInterrupt.h"

#include "audio/AudioDecoder.h"
#include "util/ProgressReporter.h"

#include <atomic>
#include <csignal>
#include <unistd.h>

namespace genrelab::cli {

namespace {
// Only lock-free atomics, write(2) and _exit(2) are touched in the handler:
// all async-signal-safe.
ProgressReporter *g_reporter = nullptr;
std::atomic<int> g_signals{0};

extern "C" void onSignal(int)
{
    if (g_signals.fetch_add(1) == 0) {
        static const char first[] = "\ngenrelab-cli: stopping after the current step (press Ctrl+C again to quit at once)\n";
        [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, first, sizeof first - 1);
        if (g_reporter)
            g_reporter->requestCancel();
        AudioDecoder::abandonStuckDecodes(); // a decode that hangs must not outlast the signal
        return;
    }
    static const char again[] = "genrelab-cli: stopped at once; files already written are complete\n";
    [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, again, sizeof again - 1);
    ::_exit(CancelOnInterrupt::kExitStatus);
}
} // namespace

CancelOnInterrupt::CancelOnInterrupt(ProgressReporter &reporter)
{
    g_signals = 0;
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

bool CancelOnInterrupt::interrupted()
{
    return g_signals.load() > 0;
}

} // namespace genrelab::cli
