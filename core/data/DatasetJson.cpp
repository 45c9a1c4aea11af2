#include "DatasetJson.h"

#include <QJsonArray>

namespace genrelab {

namespace {

QJsonArray problemsJson(const std::vector<DatasetNotes::FileProblem> &problems)
{
    QJsonArray list;
    for (const DatasetNotes::FileProblem &problem : problems) {
        QJsonObject entry{{QStringLiteral("path"), problem.path}, {QStringLiteral("reason"), problem.reason}};
        if (!problem.trackId.isEmpty())
            entry.insert(QStringLiteral("track_id"), problem.trackId);
        list.append(entry);
    }
    return list;
}

QJsonArray classesJson(const Dataset &dataset)
{
    QJsonArray classes;
    const std::vector<int> counts = dataset.countsPerLabel();
    for (int i = 0; i < dataset.labels().size(); ++i)
        classes.append(QJsonObject{{QStringLiteral("name"), dataset.labels()[i]}, {QStringLiteral("tracks"), counts[std::size_t(i)]}});
    return classes;
}

QJsonArray leftOutJson(const Dataset &dataset)
{
    QJsonArray leftOut;
    for (const DatasetNotes::LeftOut &entry : dataset.notes().leftOut)
        leftOut.append(QJsonObject{{QStringLiteral("name"), entry.name}, {QStringLiteral("tracks"), entry.tracks},
                                   {QStringLiteral("reason"), entry.reason}});
    return leftOut;
}

QJsonValue trackSplit(const DataSplit *split, int track)
{
    if (!split)
        return QJsonValue::Null;
    if (split->leaks())
        return QStringLiteral("snippets"); // the seed split places snippets, not tracks
    return DatasetJson::partName(split->partOfTrack(track));
}

} // namespace

QString DatasetJson::partName(SplitPart part)
{
    switch (part) {
    case SplitPart::Train: return QStringLiteral("train");
    case SplitPart::Valid: return QStringLiteral("valid");
    case SplitPart::Test: return QStringLiteral("test");
    case SplitPart::None: break;
    }
    return QStringLiteral("none");
}

QJsonObject DatasetJson::describe(const Dataset &dataset, const DataSplit *split)
{
    QJsonArray tracks;
    for (int t = 0; t < dataset.trackCount(); ++t) {
        const Track &track = dataset.tracks()[std::size_t(t)];
        QJsonObject entry{{QStringLiteral("path"), track.path},
                          {QStringLiteral("label"), track.labelIndex >= 0 ? QJsonValue(track.label) : QJsonValue::Null},
                          {QStringLiteral("artist"), track.artist},
                          {QStringLiteral("split"), trackSplit(split, t)}};
        if (!track.officialSplit.isEmpty())
            entry.insert(QStringLiteral("official_split"), track.officialSplit);
        tracks.append(entry);
    }
    QJsonObject json{
        {QStringLiteral("schema"), schema()},
        {QStringLiteral("root"), dataset.rootPath()},
        {QStringLiteral("layout"), dataset.layoutName()},
        {QStringLiteral("labels"), dataset.notes().labelSource},
        {QStringLiteral("windows"), dataset.windowPolicy().name()},
        {QStringLiteral("classes"), classesJson(dataset)},
        {QStringLiteral("left_out"), leftOutJson(dataset)},
        {QStringLiteral("unlabelled"), dataset.unlabelledCount()},
        {QStringLiteral("unreadable"), problemsJson(dataset.notes().unreadable)},
        {QStringLiteral("missing"), problemsJson(dataset.notes().missing)},
        {QStringLiteral("tag_problems"), problemsJson(dataset.notes().tagProblems)},
        {QStringLiteral("tracks"), tracks},
    };
    if (split)
        json.insert(QStringLiteral("split"), QJsonObject{{QStringLiteral("kind"), DataSplit::kindName(split->kind())},
                                                         {QStringLiteral("seed"), QString::number(split->seed())},
                                                         {QStringLiteral("summary"), split->summary(dataset)}});
    return json;
}

} // namespace genrelab
