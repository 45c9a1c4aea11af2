#include "FramePairFft.h"

#include <fftw3.h>

#include <algorithm>

namespace genrelab {

FramePairFft::FramePairFft(int size, int outputSlots)
    : m_size(size)
    , m_plan(FftwPlans::complexForward(size))
    , m_input(FftwPlans::allocate(2 * std::size_t(size)))
{
    for (int slot = 0; slot < std::max(1, outputSlots); ++slot)
        m_outputs.push_back(FftwPlans::allocate(2 * std::size_t(size)));
}

void FramePairFft::transform(int slot)
{
    // New-array execute: thread safe on buffers of the plan's alignment (FftwPlans::allocate).
    fftwf_execute_dft(static_cast<fftwf_plan>(m_plan), reinterpret_cast<fftwf_complex *>(m_input.get()),
                      reinterpret_cast<fftwf_complex *>(m_outputs[std::size_t(slot)].get()));
}

} // namespace genrelab
