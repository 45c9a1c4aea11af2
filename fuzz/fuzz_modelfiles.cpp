// The readers of models from PyTorch on arbitrary bytes: PtFile (ZIP archive and the
// restricted unpickler), SafetensorsFile, and the unpickler on its own (inside an
// archive, a mutated pickle rarely gets past the CRC). Only genrelab::Error may come
// out, and no allocation may follow a size the file merely claims.
#include "MemoryFile.h"
#include "ml/PtFile.h"
#include "ml/RestrictedUnpickler.h"
#include "ml/SafetensorsFile.h"
#include "util/Error.h"

namespace {
void consume(const genrelab::WeightsFile &file)
{
    volatile float sum = 0.0f;
    for (const auto &tensor : file.tensors)
        for (float value : tensor.values)
            sum = sum + value;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const MemoryFile file(data, size);
    try {
        consume(genrelab::PtFile::read(file.path()));
    } catch (const genrelab::Error &) {
    }
    try {
        consume(genrelab::SafetensorsFile::read(file.path()));
    } catch (const genrelab::Error &) {
    }
    try {
        genrelab::RestrictedUnpickler unpickler(QStringLiteral("data.pkl"));
        unpickler.load(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    } catch (const genrelab::Error &) {
    }
    return 0;
}
