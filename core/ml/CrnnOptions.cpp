#include "CrnnOptions.h"

#include "util/Error.h"

namespace genrelab {

QJsonObject CrnnOptions::toJson() const
{
    QJsonObject json{{QStringLiteral("classes"), classes},
                     {QStringLiteral("cell"), cellName(cell)},
                     {QStringLiteral("hidden"), hidden},
                     {QStringLiteral("dropout"), dropout}};
    if (architecture != QLatin1String("crnn"))
        json.insert(QStringLiteral("architecture"), architecture);
    return json;
}

CrnnOptions CrnnOptions::fromJson(const QJsonObject &json)
{
    CrnnOptions options;
    options.classes = json.value(QStringLiteral("classes")).toInt(options.classes);
    const QString cell = json.value(QStringLiteral("cell")).toString(QStringLiteral("gru"));
    options.cell = cell == QLatin1String("lstm") ? Cell::Lstm : Cell::Gru;
    options.hidden = json.value(QStringLiteral("hidden")).toInt(options.hidden);
    options.dropout = json.value(QStringLiteral("dropout")).toDouble(options.dropout);
    options.architecture = json.value(QStringLiteral("architecture")).toString(options.architecture);
    if (options.classes < 2 || options.classes > 1000 || options.hidden < 1 || options.hidden > 4096
        || options.dropout < 0.0 || options.dropout >= 1.0 || (cell != QLatin1String("gru") && cell != QLatin1String("lstm"))
        || options.architecture.isEmpty() || options.architecture.size() > 64)
        throw Error(Error::Kind::InvalidArgument, {}, QStringLiteral("invalid network options"));
    return options;
}

} // namespace genrelab
