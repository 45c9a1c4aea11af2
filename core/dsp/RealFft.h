#pragma once

#include "FftwPlans.h"

#include <complex>

namespace genrelab {

// A real-to-complex FFT of one fixed size on FFTW3f, with its own aligned buffers; the
// plan is shared process-wide (FftwPlans). The features pair their frames in complex
// transforms instead (FramePairFft); this one serves the teaching preview and tests.
// Thread contract: one instance per thread; construction is safe from any thread.
class RealFft
{
public:
    explicit RealFft(int size);

    int size() const { return m_size; }
    // The time-domain buffer (size() floats, SIMD-aligned) to fill before transform().
    float *input() { return m_input.get(); }
    // size()/2 + 1 complex bins, valid after transform().
    const std::complex<float> *output() const { return reinterpret_cast<const std::complex<float> *>(m_output.get()); }
    void transform();

private:
    int m_size;
    void *m_plan; // fftwf_plan, owned by FftwPlans
    FftwPlans::Floats m_input;
    FftwPlans::Floats m_output;
};

} // namespace genrelab
