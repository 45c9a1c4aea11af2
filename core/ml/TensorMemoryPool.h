#pragma once

#include <cstddef>

namespace genrelab {

// LibTorch's CPU allocator, replaced by one that keeps large buffers for reuse.
// A CRNN step allocates and frees activations of 10–100 MB in the same sizes every step.
// glibc hands buffers that large out with mmap and takes them back with munmap, so each
// step page-faults them in again, zero-filled by the kernel (40 % of a step in perf).
// M_MMAP_MAX=0 (TorchRuntime) stops that on the main thread only: glibc's per-thread
// arenas still map anything over 64 MB, and training and tagging run on worker threads.
// Buffers of 1 MiB or more are therefore kept when freed, up to a cap, and handed to the
// next request of about the same size; smaller ones go straight to LibTorch's own
// alloc_cpu/free_cpu. oneDNN allocates through the same allocator (raw_allocate).
// Thread contract: all functions are thread safe.
class TensorMemoryPool
{
public:
    // Makes the pool LibTorch's CPU allocator; once per process, before networks run.
    static void install();
    // Frees every kept buffer (the end of a job, or between epochs when the sizes change).
    static void releaseCached();
    static std::size_t cachedBytes();
    // Releases the kept buffers when a job's scope ends, however it ends.
    struct ReleaseWhenDone
    {
        ~ReleaseWhenDone() { releaseCached(); }
    };
    // Bytes kept at most; a freed buffer that would exceed it is freed at once.
    static constexpr std::size_t kCapBytes = std::size_t(1) << 30;
    static constexpr std::size_t kPooledFromBytes = std::size_t(1) << 20;
};

} // namespace genrelab
