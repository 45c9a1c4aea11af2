#pragma once

#include <QString>
#include <QStringList>

#include <vector>

namespace genrelab {

class Dataset;

// How a model's classes meet a dataset's: by name, never by position. Names are compared
// by GenreName::key ("Hip Hop" = "hiphop"), so a dataset whose folders are spelt or
// ordered differently is still scored against the right classes. A dataset class the
// model does not know cannot be scored: the constructor refuses, naming those classes.
// Model classes the dataset lacks are allowed (the model may still predict them, which
// counts as wrong).
// Thread contract: a value type.
class ClassMapping
{
public:
    // Throws Error(InvalidArgument) naming `modelPath` and the dataset classes the model
    // does not know.
    ClassMapping(const QStringList &modelLabels, const QStringList &datasetLabels, const QString &modelPath);

    // Same names in the same order: nothing to map.
    bool isIdentity() const { return m_identity; }
    // Model class index of dataset class `datasetLabel`.
    int modelIndexOf(int datasetLabel) const { return m_modelIndex.at(std::size_t(datasetLabel)); }
    // Model classes no dataset class maps to.
    QStringList modelClassesNotInDataset() const;
    // One line for the user when the mapping is not the identity: what was matched.
    QString describe() const;
    // `dataset` relabelled in the model's classes: the model's label list, each track's
    // labelIndex its model class. Track order (and so every split) is unchanged.
    Dataset apply(const Dataset &dataset) const;

private:
    QStringList m_modelLabels;
    QStringList m_datasetLabels;
    std::vector<int> m_modelIndex;
    bool m_identity = false;
};

} // namespace genrelab
