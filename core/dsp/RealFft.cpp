#include "RealFft.h"

#include "FftwPlans.h"

#include <fftw3.h>

#include <new>

namespace genrelab {

RealFft::RealFft(int size)
    : m_size(size)
    , m_plan(FftwPlans::realForward(size))
    , m_input(fftwf_alloc_real(std::size_t(size)))
    , m_output(reinterpret_cast<std::complex<float> *>(fftwf_alloc_complex(std::size_t(size / 2 + 1))))
{
    if (!m_input || !m_output) {
        releaseBuffers();
        throw std::bad_alloc();
    }
}

RealFft::~RealFft()
{
    releaseBuffers();
}

void RealFft::releaseBuffers() noexcept
{
    fftwf_free(m_input);
    fftwf_free(m_output);
    m_input = nullptr;
    m_output = nullptr;
}

void RealFft::transform()
{
    // New-array execute: thread safe, and our buffers come from fftwf_alloc_* so they
    // have the alignment the plan was made for.
    fftwf_execute_dft_r2c(static_cast<fftwf_plan>(m_plan), m_input, reinterpret_cast<fftwf_complex *>(m_output));
}

} // namespace genrelab
