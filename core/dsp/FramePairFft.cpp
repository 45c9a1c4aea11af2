#include "FramePairFft.h"

#include "FftwPlans.h"

#include <fftw3.h>

#include <algorithm>
#include <new>

namespace genrelab {

FramePairFft::FramePairFft(int size, int outputSlots)
    : m_size(size)
{
    m_plan = FftwPlans::complexForward(size);
    const int slots = std::max(1, outputSlots);
    m_outputs.reserve(std::size_t(slots));
    m_input = reinterpret_cast<float *>(fftwf_alloc_complex(std::size_t(size)));
    bool allocated = m_input != nullptr;
    for (int slot = 0; slot < slots; ++slot) {
        m_outputs.push_back(reinterpret_cast<float *>(fftwf_alloc_complex(std::size_t(size))));
        allocated = allocated && m_outputs.back();
    }
    if (!allocated) {
        releaseBuffers();
        throw std::bad_alloc();
    }
}

FramePairFft::~FramePairFft()
{
    releaseBuffers();
}

void FramePairFft::releaseBuffers() noexcept
{
    fftwf_free(m_input);
    for (float *output : m_outputs)
        fftwf_free(output);
    m_input = nullptr;
    m_outputs.clear();
}

void FramePairFft::transform(int slot)
{
    // New-array execute: thread safe, and the buffers come from fftwf_alloc_* with the
    // alignment the plan was made for.
    fftwf_execute_dft(static_cast<fftwf_plan>(m_plan), reinterpret_cast<fftwf_complex *>(m_input),
                      reinterpret_cast<fftwf_complex *>(m_outputs[std::size_t(slot)]));
}

} // namespace genrelab
