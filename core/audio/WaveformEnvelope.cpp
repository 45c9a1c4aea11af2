#include "WaveformEnvelope.h"

#include "AudioDecoder.h"
#include "dsp/FeatureContract.h"

#include <algorithm>
#include <cmath>

namespace genrelab {

WaveformEnvelope::Envelope WaveformEnvelope::compute(const QString &path, int bins)
{
    AudioDecoder decoder(path);
    // Samples per bin from the header's duration; a file without one gets 1-s bins
    // and the envelope is as long as the audio turns out to be.
    const double expected = decoder.info().durationSeconds > 0 ? decoder.info().durationSeconds : double(bins);
    const auto perBin = std::max<std::size_t>(1, std::size_t(std::ceil(expected * FeatureContract::sampleRate / bins)));
    Envelope envelope;
    std::vector<float> buffer(perBin);
    std::size_t total = 0;
    while (const std::size_t got = decoder.read(buffer)) {
        const auto [lo, hi] = std::minmax_element(buffer.begin(), buffer.begin() + std::ptrdiff_t(got));
        envelope.minimum.push_back(*lo);
        envelope.maximum.push_back(*hi);
        total += got;
    }
    envelope.seconds = double(total) / FeatureContract::sampleRate;
    return envelope;
}

} // namespace genrelab
