#pragma once

#include <QString>
#include <QStringList>

namespace genrelab::test {

// Locates ../shared (GTZAN clips, split lists, Python peers) for real-data tests.
// Each accessor returns an empty string when the thing is absent, and the test then
// calls QSKIP with skipReason(), so a user's fresh checkout still passes.
class SharedData
{
public:
    static QString root();               // …/shared or empty
    static QString dataDir();            // …/shared/data or empty
    static QString benchScript(const QString &name); // …/shared/bench/NAME or empty
    // /usr/bin/python3 when it can import numpy and soundfile (the reference's needs).
    static QString referencePython();
    static QString skipReason(const QString &what);
    // Runs a program, returns its exit code (−1 if it could not start); output to `output`.
    static int runProgram(const QString &program, const QStringList &arguments, QString *output = nullptr,
                          int timeoutMs = 120000);
};

} // namespace genrelab::test
