// The feature-cache reader on arbitrary bytes: open (validation before mmap), then
// read every track's features, which must lie inside the mapping.
#include "MemoryFile.h"
#include "data/FeatureCache.h"
#include "util/Error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const MemoryFile file(data, size);
    try {
        const genrelab::FeatureCache cache = genrelab::FeatureCache::open(file.path());
        volatile float sum = 0.0f;
        for (int t = 0; t < cache.trackCount(); ++t)
            for (float value : cache.trackFeatures(t))
                sum = sum + value;
    } catch (const genrelab::Error &) {
    }
    return 0;
}
