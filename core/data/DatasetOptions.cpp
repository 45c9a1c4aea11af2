#include "DatasetOptions.h"

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

} // namespace genrelab
