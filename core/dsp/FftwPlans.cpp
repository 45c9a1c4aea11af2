#include "FftwPlans.h"

#include <fftw3.h>

#include <map>
#include <mutex>
#include <new>
#include <utility>

namespace genrelab::FftwPlans {

namespace {

enum class Kind { RealForward, ComplexForward };

// Planned on scratch buffers from allocate(), the alignment of every caller's own.
fftwf_plan makePlan(Kind kind, int size)
{
    const Floats in = allocate(2 * std::size_t(size));
    const Floats out = allocate(2 * std::size_t(size));
    if (kind == Kind::RealForward)
        return fftwf_plan_dft_r2c_1d(size, in.get(), reinterpret_cast<fftwf_complex *>(out.get()), FFTW_ESTIMATE);
    return fftwf_plan_dft_1d(size, reinterpret_cast<fftwf_complex *>(in.get()), reinterpret_cast<fftwf_complex *>(out.get()),
                             FFTW_FORWARD, FFTW_ESTIMATE);
}

void *cachedPlan(Kind kind, int size)
{
    static std::mutex mutex;
    static std::map<std::pair<Kind, int>, fftwf_plan> plans;
    std::lock_guard lock(mutex);
    const auto key = std::make_pair(kind, size);
    if (const auto found = plans.find(key); found != plans.end())
        return found->second;
    fftwf_plan plan = makePlan(kind, size);
    if (!plan)
        throw std::bad_alloc();
    plans.emplace(key, plan);
    return plan;
}

} // namespace

void *realForward(int size)
{
    return cachedPlan(Kind::RealForward, size);
}

void *complexForward(int size)
{
    return cachedPlan(Kind::ComplexForward, size);
}

void FreeFloats::operator()(float *floats) const noexcept
{
    fftwf_free(floats);
}

Floats allocate(std::size_t count)
{
    Floats floats(fftwf_alloc_real(count));
    if (!floats)
        throw std::bad_alloc();
    return floats;
}

} // namespace genrelab::FftwPlans
