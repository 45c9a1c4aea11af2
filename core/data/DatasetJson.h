#pragma once

#include "DataSplit.h"

#include <QJsonObject>

namespace genrelab {

// What GenreLab sees in a dataset folder, as JSON ("schema": "genrelab.dataset/1", the
// fields documented in docs/dataset-json.md): layout, where labels come from, classes,
// classes left out, unlabelled, unreadable and missing files, and every track with its
// label, artist and split part. New fields may be added within a schema version; a
// field's meaning never changes without a new version.
// Thread contract: stateless.
class DatasetJson
{
public:
    static QString schema() { return QStringLiteral("genrelab.dataset/1"); }
    // `split` may be null (no split asked for: every track's "split" is null).
    static QJsonObject describe(const Dataset &dataset, const DataSplit *split);
    static QString partName(SplitPart part);
};

} // namespace genrelab
