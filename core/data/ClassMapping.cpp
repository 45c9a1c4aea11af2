#include "ClassMapping.h"

#include "Dataset.h"
#include "GenreName.h"
#include "util/Error.h"

#include <algorithm>

namespace genrelab {

ClassMapping::ClassMapping(const QStringList &modelLabels, const QStringList &datasetLabels, const QString &modelPath)
    : m_modelLabels(modelLabels)
    , m_datasetLabels(datasetLabels)
    , m_identity(modelLabels == datasetLabels)
{
    QStringList unknown;
    for (const QString &label : datasetLabels) {
        int found = -1;
        for (int m = 0; m < modelLabels.size() && found < 0; ++m)
            if (GenreName::key(modelLabels[m]) == GenreName::key(label))
                found = m;
        if (found < 0)
            unknown << label;
        m_modelIndex.push_back(found);
    }
    if (!unknown.isEmpty())
        throw Error(Error::Kind::InvalidArgument, modelPath,
                    QStringLiteral("the model does not know the dataset's class%1 %2 (it knows %3); scoring them against "
                                   "other classes would be meaningless")
                        .arg(unknown.size() == 1 ? QString() : QStringLiteral("es"), unknown.join(QStringLiteral(", ")),
                             modelLabels.join(QStringLiteral(", "))),
                    QStringLiteral("evaluate on a dataset whose classes the model was trained on"));
}

QStringList ClassMapping::modelClassesNotInDataset() const
{
    QStringList missing;
    for (int m = 0; m < m_modelLabels.size(); ++m)
        if (std::find(m_modelIndex.begin(), m_modelIndex.end(), m) == m_modelIndex.end())
            missing << m_modelLabels[m];
    return missing;
}

QString ClassMapping::describe() const
{
    if (m_identity)
        return {};
    QString text = QStringLiteral("classes matched by name");
    QStringList renamed;
    for (int d = 0; d < m_datasetLabels.size(); ++d)
        if (m_datasetLabels[d] != m_modelLabels[modelIndexOf(d)])
            renamed << QStringLiteral("%1 → %2").arg(m_datasetLabels[d], m_modelLabels[modelIndexOf(d)]);
    if (!renamed.isEmpty())
        text += QStringLiteral(" (%1)").arg(renamed.join(QStringLiteral(", ")));
    if (const QStringList missing = modelClassesNotInDataset(); !missing.isEmpty())
        text += QStringLiteral("; the dataset has no tracks of the model's %1").arg(missing.join(QStringLiteral(", ")));
    return text;
}

Dataset ClassMapping::apply(const Dataset &dataset) const
{
    std::vector<Track> tracks = dataset.tracks();
    for (Track &track : tracks)
        if (track.labelIndex >= 0) {
            track.labelIndex = modelIndexOf(track.labelIndex);
            track.label = m_modelLabels[track.labelIndex];
        }
    return Dataset(dataset.kind(), dataset.rootPath(), m_modelLabels, std::move(tracks), dataset.notes());
}

} // namespace genrelab
