#pragma once

#include <QString>
#include <stdexcept>

namespace genrelab {

// The one error type thrown at the core's edges (files, decoding, arguments).
// It says what failed, on which file, and what the user can do about it, so that the
// GUI can show it in words and the CLI can print it and exit non-zero.
// Thread contract: a plain value; safe to copy across threads.
class Error : public std::runtime_error
{
public:
    enum class Kind {
        FileMissing,     // the path does not exist
        Unreadable,      // exists but cannot be opened (permissions, a directory, ...)
        EmptyFile,       // zero bytes
        NotAudio,        // no demuxer or no audio stream
        Corrupt,         // header or stream damaged beyond what can be decoded
        Unsupported,     // a valid file the decoder cannot handle (codec missing, absurd header)
        TooShort,        // less audio than one contract snippet
        OutOfRange,      // an index or time range outside the data
        InvalidArgument, // a caller-side mistake (bad option value)
        WriteFailed,     // an output file could not be written
        Cancelled,       // the user asked to stop
    };

    Error(Kind kind, QString path, QString cause, QString hint = {});

    Kind kind() const noexcept { return m_kind; }
    const QString &path() const noexcept { return m_path; }
    const QString &cause() const noexcept { return m_cause; }
    const QString &hint() const noexcept { return m_hint; }

    // "path: cause (hint)" — the sentence shown to users.
    QString message() const;
    static QString kindName(Kind kind);

private:
    Kind m_kind;
    QString m_path;
    QString m_cause;
    QString m_hint;
};

} // namespace genrelab
