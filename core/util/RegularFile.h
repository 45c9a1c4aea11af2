#pragma once

#include <QString>
#include <QStringList>

namespace genrelab {

// Which paths GenreLab may open as a file of its own: a regular file, or a link to one.
// Opening a named pipe blocks until someone writes to it, a device such as /dev/zero
// never ends and /dev/full cannot be written, and replacing either (as root) would
// destroy a system file — so every file GenreLab reads or writes as its own is checked
// here before it is opened.
// Thread contract: stateless; call from any thread.
class RegularFile
{
public:
    // Empty when `path` does not exist or is a regular file (links followed); otherwise
    // what it is in words: "a folder", "a named pipe", "a device", "a socket".
    static QString whatElse(const QString &path);
    // Throws Error(WriteFailed) naming `path` when it exists and is not a regular file.
    static void requireForWriting(const QString &path);
    // Throws Error(Unreadable) naming `path` when it exists and is not a regular file.
    static void requireForReading(const QString &path);
    // True when `a` and `b` name the same existing file (also through links or hard links).
    static bool sameFile(const QString &a, const QString &b);
    // Throws Error(WriteFailed) naming `output` when it is one of `inputs` (the same
    // file, also through a link): a command never overwrites what it reads — `what`
    // says what that is ("a file of the run").
    static void requireNotAnyOf(const QString &output, const QStringList &inputs, const QString &what);
};

} // namespace genrelab
