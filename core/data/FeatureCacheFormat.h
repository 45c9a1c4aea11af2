#pragma once

#include <QByteArray>
#include <QDataStream>
#include <QIODevice>

#include <cstdint>
#include <span>
#include <vector>

#include "CachedTrack.h"

namespace genrelab {

// The on-disk header and track table shared by FeatureCache (reader) and
// FeatureCacheBuilder (writer). Kept in one place so the two cannot drift apart.
struct FeatureCacheFormat
{
    static constexpr char magic[8] = {'G', 'L', 'F', 'C', 'A', 'C', 'H', 'E'};
    static constexpr std::uint64_t headerBytes = 64;

    struct Header
    {
        std::uint32_t formatVersion = 0;
        std::uint32_t contractVersion = 0;
        std::uint32_t frames = 0;
        std::uint32_t mels = 0;
        std::uint64_t trackCount = 0;
        std::uint64_t snippetCount = 0;
        std::uint64_t dataOffset = 0;
        std::uint64_t tableOffset = 0;
        std::uint64_t tableBytes = 0;
    };

    static QByteArray encodeHeader(const Header &header);
    // False when `bytes` is not 64 bytes starting with the magic.
    static bool decodeHeader(const QByteArray &bytes, Header &header);
    // The table ends with a checksum of itself: a damaged table is refused as a whole.
    static QByteArray encodeTable(const std::vector<CachedTrack> &tracks);
    // False on a short, malformed or damaged table.
    static bool decodeTable(const QByteArray &bytes, std::uint64_t count, std::vector<CachedTrack> &tracks);
    // A 64-bit checksum of feature bytes, fast enough to verify a 520-MB cache in a
    // fraction of a second (four independent lanes of multiply-xorshift steps, each a
    // bijection of its state: any one changed 8-byte word always changes the result).
    // Not a defence against forgery, only against damage.
    static std::uint64_t checksum(std::span<const float> values);
    static std::uint64_t checksum(const char *bytes, std::size_t size);
};

} // namespace genrelab
