#pragma once

#include <complex>
#include <cstddef>
#include <memory>

namespace genrelab {

// A real-to-complex FFT of one fixed size on FFTW3f, with its own aligned buffers.
// FFTW's planner is not thread safe, so plans are created (and cached, one per size)
// under one process-wide mutex; executing a plan on different buffers is thread safe,
// so each thread owns a RealFft and they all share the cached plan.
// Thread contract: one instance per thread; construction is safe from any thread.
class RealFft
{
public:
    explicit RealFft(int size);
    ~RealFft();
    RealFft(const RealFft &) = delete;
    RealFft &operator=(const RealFft &) = delete;

    int size() const { return m_size; }
    // The time-domain buffer (size() floats, SIMD-aligned) to fill before transform().
    float *input() { return m_input; }
    // size()/2 + 1 complex bins, valid after transform().
    const std::complex<float> *output() const { return m_output; }
    void transform();

private:
    int m_size;
    float *m_input = nullptr;
    std::complex<float> *m_output = nullptr;
    void *m_plan = nullptr; // fftwf_plan, owned by the process-wide cache
};

} // namespace genrelab
