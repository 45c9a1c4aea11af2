#include "Error.h"

namespace genrelab {

namespace {
QString compose(const QString &path, const QString &cause, const QString &hint)
{
    QString text = path.isEmpty() ? cause : path + QStringLiteral(": ") + cause;
    if (!hint.isEmpty())
        text += QStringLiteral(" (") + hint + QStringLiteral(")");
    return text;
}
} // namespace

Error::Error(Kind kind, QString path, QString cause, QString hint)
    : std::runtime_error(compose(path, cause, hint).toStdString())
    , m_kind(kind)
    , m_path(std::move(path))
    , m_cause(std::move(cause))
    , m_hint(std::move(hint))
{
}

QString Error::message() const
{
    return compose(m_path, m_cause, m_hint);
}

QString Error::kindName(Kind kind)
{
    switch (kind) {
    case Kind::FileMissing: return QStringLiteral("file missing");
    case Kind::Unreadable: return QStringLiteral("unreadable");
    case Kind::EmptyFile: return QStringLiteral("empty file");
    case Kind::NotAudio: return QStringLiteral("not audio");
    case Kind::Corrupt: return QStringLiteral("corrupt");
    case Kind::Unsupported: return QStringLiteral("unsupported");
    case Kind::TooShort: return QStringLiteral("too short");
    case Kind::OutOfRange: return QStringLiteral("out of range");
    case Kind::InvalidArgument: return QStringLiteral("invalid argument");
    case Kind::WriteFailed: return QStringLiteral("write failed");
    case Kind::Cancelled: return QStringLiteral("cancelled");
    }
    return QStringLiteral("error");
}

} // namespace genrelab
