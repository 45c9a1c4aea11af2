#pragma once

#include <QByteArray>
#include <QString>

#include <vector>

namespace genrelab {

// The ZIP container PyTorch's torch.save writes (and torch.load reads): stored entries,
// no compression. write() aligns every entry's data to `alignment` bytes with a padding
// extra field, as PyTorch does (64), so readers that map the file can use the data in
// place. read() takes stored entries only and checks every offset, size and CRC-32
// against the file before copying a byte: the bytes may come from a stranger.
// Thread contract: stateless.
class ZipStore
{
public:
    struct Entry
    {
        QString name;
        QByteArray data;
    };

    static constexpr int maxEntries = 100000;

    static QByteArray write(const std::vector<Entry> &entries, int alignment = 64);
    // Throws Error(Corrupt) for a damaged or truncated archive, Error(Unsupported) for a
    // compressed, encrypted or multi-part one; `path` names the file in the message.
    static std::vector<Entry> read(const QByteArray &bytes, const QString &path);
};

} // namespace genrelab
