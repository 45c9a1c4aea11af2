#pragma once

#include <QString>

#include <vector>

namespace genrelab {

// A track's waveform overview: the minimum and maximum sample in each of `bins` equal
// slices, computed while streaming the decoder (memory: one buffer, whatever the
// length). Throws Error like AudioDecoder.
// Thread contract: stateless; call off the GUI thread.
class WaveformEnvelope
{
public:
    struct Envelope
    {
        std::vector<float> minimum, maximum;
        double seconds = 0.0;
    };

    static Envelope compute(const QString &path, int bins);
};

} // namespace genrelab
