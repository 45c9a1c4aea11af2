#pragma once

#include <QString>
#include <QStringList>

namespace genrelab::csv {

// RFC 4180 fields: quoted where needed ("a,b" → "\"a,b\"", quotes doubled).
QString quote(const QString &field);
// One line back into fields; quoted fields may hold commas and doubled quotes.
// (Our files never put a line break inside a field.)
QStringList splitLine(QStringView line);

} // namespace genrelab::csv
