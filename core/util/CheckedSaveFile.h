#pragma once

#include <QSaveFile>
#include <QString>

namespace genrelab {

// A QSaveFile whose every write is checked. Qt reports a full disk as a short write,
// calls it "Unknown error", and QSaveFile::commit() afterwards still succeeds, leaving
// the file cut short. Here a failed write discards the temporary at once and throws
// Error(WriteFailed) with errno's words ("No space left on device"); the file being
// replaced stays as it was.
// Thread contract: one thread at a time.
class CheckedSaveFile
{
public:
    // Throws Error(WriteFailed) when the temporary cannot be created.
    explicit CheckedSaveFile(const QString &path);

    void write(const char *data, qint64 size);
    void write(const QByteArray &bytes) { write(bytes.constData(), bytes.size()); }
    void seek(qint64 position);
    // Replaces the file; throws Error(WriteFailed) when that fails.
    void commit();

    // The whole file in one call.
    static void save(const QString &path, const QByteArray &bytes);

private:
    [[noreturn]] void fail(const QString &reason);

    QSaveFile m_file;
};

} // namespace genrelab
