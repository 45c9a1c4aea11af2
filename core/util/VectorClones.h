#pragma once

// GENRELAB_VECTOR_CLONES before a hot DSP function compiles it twice, for the baseline
// x86-64 the package targets and for x86-64-v3 (AVX2), and picks one when the program
// loads (an ifunc). core/CMakeLists.txt turns off multiply-add contraction, so both
// clones do the same float operations in the same order: features are bit-identical
// whichever runs, and a cache written on one machine reads the same on another.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define GENRELAB_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define GENRELAB_VECTOR_CLONES
#endif
