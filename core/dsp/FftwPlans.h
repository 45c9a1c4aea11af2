#pragma once

#include <cstddef>
#include <memory>

namespace genrelab::FftwPlans {

// FFTW3f plans, one per kind and size for the life of the process, made under one
// process-wide mutex (FFTW's planner is not thread safe; executing a plan on other
// buffers of the same alignment is). FFTW_ESTIMATE, not FFTW_MEASURE: measured here,
// MEASURE costs ~180 ms of planning per process for no faster 2 048-point transform, and
// it picks algorithms by timing, so two processes could compute features that differ in
// the last bit. ESTIMATE is deterministic: the cache, the CLI and the GUI all produce
// identical features. Each returns an fftwf_plan; it throws std::bad_alloc if FFTW cannot
// make one.
void *realForward(int size);    // real → size/2 + 1 complex bins
void *complexForward(int size); // complex → complex, forward

// Floats from fftwf_alloc_real: the SIMD alignment every plan above was made for, so any
// such buffer may be passed to fftwf_execute_dft* (the new-array execute). Freed by
// fftwf_free; allocate() throws std::bad_alloc when FFTW cannot allocate.
struct FreeFloats
{
    void operator()(float *floats) const noexcept;
};
using Floats = std::unique_ptr<float[], FreeFloats>;
Floats allocate(std::size_t count);

} // namespace genrelab::FftwPlans
