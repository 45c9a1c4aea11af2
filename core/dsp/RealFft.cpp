#include "RealFft.h"

#include <fftw3.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <new>

namespace genrelab {

namespace {

std::mutex &plannerMutex()
{
    static std::mutex mutex;
    return mutex;
}

// One plan per size for the life of the process. FFTW_ESTIMATE, not FFTW_MEASURE:
// measured here, MEASURE costs ~180 ms of planning per process for no faster 2048-point
// transform, and it picks algorithms by timing, so two processes could compute features
// that differ in the last bit. ESTIMATE is deterministic: the cache, the CLI and the GUI
// all produce identical features.
fftwf_plan cachedPlan(int size)
{
    std::lock_guard lock(plannerMutex());
    static std::map<int, fftwf_plan> plans;
    auto found = plans.find(size);
    if (found != plans.end())
        return found->second;
    // Planned on scratch buffers with the alignment of every RealFft's own.
    float *in = fftwf_alloc_real(size);
    fftwf_complex *out = fftwf_alloc_complex(size / 2 + 1);
    fftwf_plan plan = fftwf_plan_dft_r2c_1d(size, in, out, FFTW_ESTIMATE);
    fftwf_free(in);
    fftwf_free(out);
    if (!plan)
        throw std::bad_alloc();
    plans.emplace(size, plan);
    return plan;
}

} // namespace

RealFft::RealFft(int size, int outputSlots)
    : m_size(size)
{
    m_plan = cachedPlan(size);
    m_outputs.reserve(std::size_t(std::max(1, outputSlots)));
    m_input = fftwf_alloc_real(size);
    bool allocated = m_input != nullptr;
    for (int slot = 0; slot < std::max(1, outputSlots); ++slot) {
        m_outputs.push_back(reinterpret_cast<std::complex<float> *>(fftwf_alloc_complex(size / 2 + 1)));
        allocated = allocated && m_outputs.back();
    }
    if (!allocated) {
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
    for (std::complex<float> *output : m_outputs)
        fftwf_free(output);
    m_input = nullptr;
    m_outputs.clear();
}

void RealFft::transform(int slot)
{
    // New-array execute: thread safe, and our buffers come from fftwf_alloc_* so they
    // have the alignment the plan was made for.
    fftwf_execute_dft_r2c(static_cast<fftwf_plan>(m_plan), m_input,
                          reinterpret_cast<fftwf_complex *>(m_outputs[std::size_t(slot)]));
}

} // namespace genrelab
