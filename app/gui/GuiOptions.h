#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>

namespace genrelab {

// genrelab's command line. The executable parses it before any window exists (--help and
// --version answer without loading anything more); the GUI module reads the result.
struct GuiOptions
{
    GuiOptions();

    QCommandLineParser parser;
    QCommandLineOption demo;
    // For the README's pictures: grab the window once the dataset is open, then quit.
    QCommandLineOption screenshot;
    QCommandLineOption trainFirst;
    QCommandLineOption tab;
    QCommandLineOption evidence;
    QCommandLineOption size;
};

} // namespace genrelab
