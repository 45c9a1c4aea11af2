// Bytes → samples: open whatever the bytes are, read up to 30 s of audio, seek back and
// read again. Errors must be genrelab::Error; anything else (a crash, a leak, UB, a
// hang) is a finding.
#include "MemoryFile.h"
#include "audio/AudioDecoder.h"
#include "util/Error.h"

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const MemoryFile file(data, size);
    try {
        genrelab::AudioDecoder decoder(file.path());
        std::vector<float> block(22050);
        for (int i = 0; i < 30 && decoder.read(block) > 0; ++i) {
        }
        decoder.seek(1.0);
        decoder.read(block);
    } catch (const genrelab::Error &) {
    }
    return 0;
}
