#include "DatasetOptions.h"

#include "GenreName.h"

namespace genrelab {

QString DatasetOptions::labelsName(Labels labels)
{
    switch (labels) {
    case Labels::Auto: return QStringLiteral("auto");
    case Labels::Folders: return QStringLiteral("folders");
    case Labels::Tags: return QStringLiteral("tags");
    case Labels::Fma: return QStringLiteral("fma");
    }
    return {};
}

std::optional<DatasetOptions::Labels> DatasetOptions::parseLabels(const QString &name)
{
    for (Labels labels : {Labels::Auto, Labels::Folders, Labels::Tags, Labels::Fma}) {
        if (labelsName(labels) == name)
            return labels;
    }
    return std::nullopt;
}

QStringList DatasetOptions::labelsNames()
{
    return {QStringLiteral("auto"), QStringLiteral("folders"), QStringLiteral("tags"), QStringLiteral("fma")};
}

QMap<QString, QString> DatasetOptions::keyedWords(const QMap<QString, QString> &entries)
{
    QMap<QString, QString> words;
    for (auto it = entries.cbegin(); it != entries.cend(); ++it)
        words.insert(GenreName::key(it.key()), it.value());
    return words;
}

} // namespace genrelab
