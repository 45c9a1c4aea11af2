#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// The one CSV writer and reader (RFC 4180), for every CSV file GenreLab writes or
// reads: run folders, library exports, the exported confusion matrix. Records end in
// "\n" (readers elsewhere accept it; files written before stay byte-identical where no
// field needs quotes); the reader accepts "\r\n" as well.
// Thread contract: free functions without state; safe from any thread.
namespace genrelab::csv {

// One field: quoted when it holds a comma, a quote, CR or LF ("a,b" → "\"a,b\""),
// quotes doubled.
QString quote(const QString &field);
// One record: its fields quoted where needed, joined by commas, ended by "\n".
QString record(const QStringList &fields);
// A whole document back into records; a quoted field may span lines. A final line
// break does not make an empty record; blank lines make one-empty-field records.
QList<QStringList> parse(QStringView document);

} // namespace genrelab::csv
