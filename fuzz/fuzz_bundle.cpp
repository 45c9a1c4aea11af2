// The model-bundle loader on arbitrary bytes: only genrelab::Error may come out, and no
// allocation may follow a size the file merely claims.
#include "MemoryFile.h"
#include "ml/ModelBundle.h"
#include "util/Error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const MemoryFile file(data, size);
    try {
        const genrelab::ModelBundle bundle = genrelab::ModelBundle::read(file.path());
        volatile float sum = 0.0f;
        for (const auto &tensor : bundle.tensors)
            for (float value : tensor.values)
                sum = sum + value;
    } catch (const genrelab::Error &) {
    }
    return 0;
}
