#pragma once

#include <span>
#include <vector>

namespace genrelab {

// For teaching only, never for the network: the linear-frequency power spectrogram of
// a snippet and its mel spectrogram with a chosen band count and hop, both in dB below
// their maximum (floored at −80), so a student can see what the mel scale and the hop
// do. n_fft (2048), the window and the sample rate stay the contract's.
// Thread contract: stateless; call from any thread.
class SpectrogramPreview
{
public:
    struct Image
    {
        int frames = 0;
        int bins = 0;
        std::vector<float> values; // [frame][bin], scaled to [0, 1] (1 = the maximum)
    };

    static Image linear(std::span<const float> samples, int hop);
    static Image mel(std::span<const float> samples, int hop, int nMels);
};

} // namespace genrelab
