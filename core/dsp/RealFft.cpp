#include "RealFft.h"

#include <fftw3.h>

namespace genrelab {

RealFft::RealFft(int size)
    : m_size(size)
    , m_plan(FftwPlans::realForward(size))
    , m_input(FftwPlans::allocate(std::size_t(size)))
    , m_output(FftwPlans::allocate(std::size_t(size + 2))) // size/2 + 1 complex values
{
}

void RealFft::transform()
{
    // New-array execute: thread safe on buffers of the plan's alignment (FftwPlans::allocate).
    fftwf_execute_dft_r2c(static_cast<fftwf_plan>(m_plan), m_input.get(), reinterpret_cast<fftwf_complex *>(m_output.get()));
}

} // namespace genrelab
