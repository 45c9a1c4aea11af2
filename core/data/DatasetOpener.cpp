#include "DatasetOpener.h"

#include "DatasetLoader.h"
#include "FeatureCacheBuilder.h"
#include "util/ProgressReporter.h"

namespace genrelab {

namespace {

// What the labels left aside, for the status line: classes too small, tracks without a
// class, tags that could not be used (`genrelab-cli dataset` lists them one by one).
QString labelNotes(const Dataset &dataset)
{
    const DatasetNotes &notes = dataset.notes();
    QStringList parts;
    if (!notes.leftOut.empty()) {
        QStringList names;
        for (const DatasetNotes::LeftOut &entry : notes.leftOut)
            names << QStringLiteral("%1 (%2)").arg(entry.name).arg(entry.tracks);
        parts << QStringLiteral("classes left out: %1").arg(names.join(QStringLiteral(", ")));
    }
    if (dataset.isLabelled() && dataset.unlabelledCount() > 0)
        parts << QStringLiteral("%1 track(s) without a class, never trained on").arg(dataset.unlabelledCount());
    if (!notes.tagProblems.empty() || !notes.unreadable.empty())
        parts << QStringLiteral("%1 tag(s) unusable or unreadable").arg(notes.tagProblems.size() + notes.unreadable.size());
    if (!notes.missing.empty())
        parts << QStringLiteral("%1 listed file(s) missing").arg(notes.missing.size());
    return parts.isEmpty() ? QString() : QStringLiteral("; ") + parts.join(QStringLiteral("; "));
}

} // namespace

DatasetOpener::Opened DatasetOpener::open(const QString &folder, int threads, ProgressReporter *progress,
                                          const QString &cachePath, const DatasetOptions &options)
{
    if (progress)
        progress->report(QStringLiteral("Listing %1…").arg(folder), -1.0);
    Opened opened;
    DatasetOptions listing = options;
    if (listing.threads <= 0)
        listing.threads = threads;
    opened.dataset = DatasetLoader::open(folder, listing);
    const QString path = cachePath.isEmpty() ? FeatureCache::defaultPathFor(opened.dataset.rootPath()) : cachePath;
    auto built = FeatureCacheBuilder::build(opened.dataset, path, threads, progress);
    opened.cancelled = built.cancelled;
    opened.summary = QStringLiteral("%1 (%2): %3").arg(opened.dataset.name(), opened.dataset.kindName(), built.summary());
    opened.summary += labelNotes(opened.dataset);
    opened.cache = std::make_shared<const FeatureCache>(std::move(built.cache));
    opened.dataset.applyCache(*opened.cache);
    return opened;
}

} // namespace genrelab
