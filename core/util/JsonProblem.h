#pragma once

#include <QJsonDocument>
#include <QJsonParseError>
#include <QString>

namespace genrelab {

// Why a document that should be a JSON object is not one, in words. Qt's own
// errorString() says "no error occurred" for valid JSON of the wrong shape (an array,
// a number), which reads like nonsense in a refusal.
inline QString jsonObjectProblem(const QJsonParseError &error)
{
    if (error.error != QJsonParseError::NoError)
        return QStringLiteral("it is not valid JSON (%1 at byte %2)").arg(error.errorString(), QString::number(error.offset));
    return QStringLiteral("it is JSON, but not an object of named fields");
}

} // namespace genrelab
