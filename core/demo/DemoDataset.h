#pragma once

#include <QString>

#include <cstdint>

namespace genrelab {

class ProgressReporter;

// The embedded demo dataset: GenreLab ships no GTZAN audio, so on a fresh machine it
// synthesises a small labelled dataset of ten genre caricatures (DemoComposer) and
// writes it as ordinary WAV files in the folder-per-label layout,
// OUT/<genre>/<genre>.000NN.wav, so it goes through exactly the same code as a user's
// own tracks. Deterministic for a seed (same seed, same files).
// Thread contract: generate() blocks; it renders clips on a pool of threads.
class DemoDataset
{
public:
    struct Options
    {
        std::uint64_t seed = 2002; // GTZAN's year
        int clipsPerGenre = 24;
        double clipSeconds = 6.5;  // two 3-s snippets and a margin
        int threads = 0;           // 0: all cores
    };

    struct Result
    {
        int clips = 0;
        QString renderer;  // which synthesiser made them
        double seconds = 0.0;
        bool cancelled = false;
    };

    // Throws Error(WriteFailed) when OUT cannot be written.
    static Result generate(const QString &outDir, const Options &options, ProgressReporter *progress = nullptr);
    // The folder the GUI uses for its demo (in the user's data folder).
    static QString defaultLocation();
    // True when `dir` already holds a complete demo written with `options`.
    static bool isComplete(const QString &dir, const Options &options);
};

} // namespace genrelab
