#include "FftwPlans.h"

#include <fftw3.h>

#include <map>
#include <mutex>
#include <new>
#include <utility>

namespace genrelab::FftwPlans {

namespace {

enum class Kind { RealForward, ComplexForward };

// Planned on scratch buffers from fftwf_alloc_*, the alignment of every caller's own.
fftwf_plan makePlan(Kind kind, int size)
{
    if (kind == Kind::RealForward) {
        float *in = fftwf_alloc_real(std::size_t(size));
        fftwf_complex *out = fftwf_alloc_complex(std::size_t(size / 2 + 1));
        fftwf_plan plan = fftwf_plan_dft_r2c_1d(size, in, out, FFTW_ESTIMATE);
        fftwf_free(in);
        fftwf_free(out);
        return plan;
    }
    fftwf_complex *in = fftwf_alloc_complex(std::size_t(size));
    fftwf_complex *out = fftwf_alloc_complex(std::size_t(size));
    fftwf_plan plan = fftwf_plan_dft_1d(size, in, out, FFTW_FORWARD, FFTW_ESTIMATE);
    fftwf_free(in);
    fftwf_free(out);
    return plan;
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
