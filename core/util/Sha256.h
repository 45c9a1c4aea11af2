#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <array>
#include <cstdint>

class QIODevice;

namespace genrelab {

// SHA-256 (FIPS 180-4), the project's one way to compute it: model bundles' checksums,
// the catalog's model ids, audio checksums, data-parallel parameter digests.
//
// Why not QCryptographicHash: Qt 6.4's SHA-256 is portable C, ~140 MB/s here. Tagging
// hashes the model three times per scan (its id, then each worker's bundle check): ~30 ms
// of CPU before the first track, more than half a track's work. Where the CPU has the SHA
// extensions (x86 since AMD Zen and Intel Ice Lake / Goldmont), this runs them, ~10×
// faster; elsewhere the same portable rounds. Equal to QCryptographicHash on every input
// (tst_sha256).
//
// Thread contract: a value type; one object per thread.
class Sha256
{
public:
    // Portable: the rounds in plain C++ even where the CPU has SHA instructions (tests).
    enum class Rounds { Fastest, Portable };
    explicit Sha256(Rounds rounds = Rounds::Fastest);
    void addData(QByteArrayView bytes);
    // Reads `device` to its end; false if a read failed (what was read is hashed).
    bool addData(QIODevice *device);
    // The 32-byte digest. The object keeps what it was given: adding more and asking
    // again hashes the longer input.
    QByteArray result() const;

    static QByteArray hash(QByteArrayView bytes);
    // Whether the SHA instructions are used on this CPU (for the benchmark's and tests' words).
    static bool usesShaInstructions();

private:
    void compress(const std::uint8_t *blocks, std::size_t count);

    bool m_useInstructions;
    std::array<std::uint32_t, 8> m_state;
    std::array<std::uint8_t, 64> m_pending{}; // a block's start, not yet compressed
    std::size_t m_pendingBytes = 0;
    std::uint64_t m_totalBytes = 0;
};

} // namespace genrelab
