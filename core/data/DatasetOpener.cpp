#include "DatasetOpener.h"

#include "DatasetLoader.h"
#include "FeatureCacheBuilder.h"
#include "util/ProgressReporter.h"

namespace genrelab {

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
    opened.cache = std::make_shared<const FeatureCache>(std::move(built.cache));
    opened.dataset.applyCache(*opened.cache);
    return opened;
}

} // namespace genrelab
