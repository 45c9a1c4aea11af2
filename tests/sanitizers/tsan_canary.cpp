// A deliberately racy program for the tsan preset. It proves that tsan.supp hides
// only races inside libraries: a race in our own code must still be reported, both on
// util/WorkerThreads (the feature pool, the demo renderer, the library analyser) and on
// a QThread worker object whose slot runs inside libQt6Core's event loop (the trainer).
// CTest passes it only when TSan prints a data-race warning.

#include "util/WorkerThreads.h"

#include <QCoreApplication>
#include <QObject>
#include <QThread>

#include <cstdio>
#include <cstring>

namespace {

int unguarded = 0; // written by two threads with no lock: the race TSan must find

void raceOnWorkerThreads()
{
    genrelab::runOnWorkerThreads(2, [](int) {
        for (int i = 0; i < 1000; ++i)
            ++unguarded;
    });
}

void raceWithQThreadWorker()
{
    QThread thread;
    QObject worker;
    worker.moveToThread(&thread);
    QObject::connect(&thread, &QThread::started, &worker, [] { unguarded = 1; });
    thread.start();
    unguarded = 2;
    QThread::msleep(50); // not synchronisation: only lets both writes happen
    thread.quit();
    thread.wait();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const char *mode = argc > 1 ? argv[1] : "";
    if (std::strcmp(mode, "workers") == 0)
        raceOnWorkerThreads();
    else if (std::strcmp(mode, "qthread") == 0)
        raceWithQThreadWorker();
    else {
        std::fprintf(stderr, "usage: tsan_canary workers|qthread\n");
        return 2;
    }
    std::printf("canary finished (%d)\n", unguarded);
    return 0;
}
