#pragma once

// GENRELAB_VECTOR_CLONES before a hot function compiles it twice, for the baseline
// x86-64 the package targets and for x86-64-v3 (AVX2), and picks one when the program
// loads (an ifunc). core/CMakeLists.txt turns off multiply-add contraction, so both
// clones do the same float operations in the same order: features are bit-identical
// whichever runs, and a cache written on one machine reads the same on another.
// Not under a sanitizer: the ifunc resolver runs while the dynamic loader relocates,
// before the sanitizer's runtime is set up, and its instrumented code crashes there
// (ThreadSanitizer: SIGSEGV in MelFilterbank::applyFrames' resolver at start-up).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__) \
    && !defined(__SANITIZE_THREAD__)
#define GENRELAB_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define GENRELAB_VECTOR_CLONES
#endif

#include <cstdint>
#include <cstring>

namespace genrelab {
// Eight 32-bit lanes as one value (GCC's vector extension): one AVX register in the
// x86-64-v3 clone, two SSE registers in the default one, so hand-vectorised kernels
// (shuffles, masks) keep one source for both clones.
using Floats8 = float __attribute__((vector_size(32)));
using Ints8 = std::int32_t __attribute__((vector_size(32)));
using Unsigned8 = std::uint32_t __attribute__((vector_size(32)));

// Eight floats from or to any address (unaligned), inlined into each clone: no vector
// crosses a call, so the baseline clone's different vector ABI does not matter (-Wpsabi).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"
[[gnu::always_inline]] inline Floats8 load8(const float *from)
{
    Floats8 v;
    std::memcpy(&v, from, sizeof v);
    return v;
}
[[gnu::always_inline]] inline void store8(float *to, Floats8 v)
{
    std::memcpy(to, &v, sizeof v);
}
#pragma GCC diagnostic pop
} // namespace genrelab
