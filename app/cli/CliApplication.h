#pragma once

#include <QString>

namespace genrelab::cli {

// What every genrelab-cli process does around its QCoreApplication, whether the
// executable makes it or the ML module does (for `report`, a QGuiApplication, which the
// executable cannot make: it does not link QtGui).
class CliApplication
{
public:
    // Before the application exists: Qt's platform code asks for the runtime folder, and
    // without XDG_RUNTIME_DIR (ssh, cron, CI) warns on every start although nothing of
    // ours uses that folder. The warning is dropped, everything else goes to Qt's handler.
    static void quietRuntimeDirWarning();
    // After: names (one data home with genrelab, util/DataHome.h), version, and the
    // data home's migration, said on stderr.
    static void setUp();
};

} // namespace genrelab::cli
