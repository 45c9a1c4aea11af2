#pragma once

#include <complex>
#include <cstddef>
#include <memory>
#include <vector>

namespace genrelab {

// A real-to-complex FFT of one fixed size on FFTW3f, with its own aligned buffers.
// FFTW's planner is not thread safe, so plans are created (and cached, one per size)
// under one process-wide mutex; executing a plan on different buffers is thread safe,
// so each thread owns a RealFft and they all share the cached plan.
// It can keep several outputs (slots), so a caller can transform a block of frames and
// then read all their spectra together.
// Thread contract: one instance per thread; construction is safe from any thread.
class RealFft
{
public:
    explicit RealFft(int size, int outputSlots = 1);
    ~RealFft();
    RealFft(const RealFft &) = delete;
    RealFft &operator=(const RealFft &) = delete;

    int size() const { return m_size; }
    // The time-domain buffer (size() floats, SIMD-aligned) to fill before transform().
    float *input() { return m_input; }
    // size()/2 + 1 complex bins of slot `slot`, valid after transform(slot).
    const std::complex<float> *output(int slot = 0) const { return m_outputs[std::size_t(slot)]; }
    // Transforms input() into slot `slot`; the other slots keep their spectra.
    void transform(int slot = 0);

private:
    void releaseBuffers() noexcept;

    int m_size;
    float *m_input = nullptr;
    std::vector<std::complex<float> *> m_outputs;
    void *m_plan = nullptr; // fftwf_plan, owned by the process-wide cache
};

} // namespace genrelab
