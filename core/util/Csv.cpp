#include "Csv.h"

namespace genrelab::csv {

QString quote(const QString &field)
{
    if (!field.contains(u',') && !field.contains(u'"') && !field.contains(u'\n') && !field.contains(u'\r'))
        return field;
    QString quoted = field;
    quoted.replace(u'"', QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

QString record(const QStringList &fields)
{
    QString line;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            line += u',';
        line += quote(fields[i]);
    }
    return line + u'\n';
}

QList<QStringList> parse(QStringView document)
{
    QList<QStringList> records;
    QStringList fields;
    QString field;
    bool inQuotes = false;
    bool inRecord = false; // anything read since the last record ended
    const auto endRecord = [&] {
        fields << field;
        field.clear();
        records << fields;
        fields.clear();
        inRecord = false;
    };
    for (qsizetype i = 0; i < document.size(); ++i) {
        const QChar c = document[i];
        if (inQuotes) {
            if (c == u'"' && i + 1 < document.size() && document[i + 1] == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                inQuotes = false;
            } else {
                field += c; // commas, CR and LF inside quotes are data
            }
            continue;
        }
        if (c == u'"') {
            inQuotes = true;
            inRecord = true;
        } else if (c == u',') {
            fields << field;
            field.clear();
            inRecord = true;
        } else if (c == u'\n') {
            endRecord();
        } else if (c == u'\r') {
            if (i + 1 < document.size() && document[i + 1] == u'\n')
                ++i;
            endRecord();
        } else {
            field += c;
            inRecord = true;
        }
    }
    if (inRecord || inQuotes)
        endRecord(); // a last record without its line break
    return records;
}

} // namespace genrelab::csv
