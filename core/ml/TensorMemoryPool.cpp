#include "TensorMemoryPool.h"

#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>

#include <map>
#include <mutex>
#include <unordered_map>

namespace genrelab {

namespace {

class PoolAllocator final : public c10::Allocator
{
public:
    c10::DataPtr allocate(std::size_t bytes) const override
    {
        void *data = bytes >= TensorMemoryPool::kPooledFromBytes ? take(bytes) : c10::alloc_cpu(bytes);
        return {data, data, &PoolAllocator::deallocate, c10::Device(c10::DeviceType::CPU)};
    }

    c10::DeleterFnPtr raw_deleter() const override { return &PoolAllocator::deallocate; }

    static PoolAllocator &instance()
    {
        static auto *pool = new PoolAllocator; // never destroyed: tensors may outlive statics
        return *pool;
    }

    void releaseCached()
    {
        std::multimap<std::size_t, void *> kept;
        {
            std::lock_guard lock(m_mutex);
            kept.swap(m_free);
            m_cachedBytes = 0;
        }
        for (const auto &[size, data] : kept)
            c10::free_cpu(data);
    }

    std::size_t cachedBytes() const
    {
        std::lock_guard lock(m_mutex);
        return m_cachedBytes;
    }

private:
    // A kept buffer at least `bytes` long and at most a quarter longer, else a new one.
    void *take(std::size_t bytes) const
    {
        {
            std::lock_guard lock(m_mutex);
            const auto found = m_free.lower_bound(bytes);
            if (found != m_free.end() && found->first <= bytes + bytes / 4) {
                const auto [size, data] = *found;
                m_free.erase(found);
                m_cachedBytes -= size;
                m_live.emplace(data, size);
                return data;
            }
        }
        void *data = c10::alloc_cpu(bytes); // throws c10::Error when out of memory
        std::lock_guard lock(m_mutex);
        m_live.emplace(data, bytes);
        return data;
    }

    static void deallocate(void *data)
    {
        instance().giveBack(data);
    }

    void giveBack(void *data)
    {
        {
            std::lock_guard lock(m_mutex);
            const auto live = m_live.find(data);
            if (live != m_live.end()) {
                const std::size_t size = live->second;
                m_live.erase(live);
                if (m_cachedBytes + size <= TensorMemoryPool::kCapBytes) {
                    m_free.emplace(size, data);
                    m_cachedBytes += size;
                    return;
                }
            }
        }
        c10::free_cpu(data); // small, or over the cap
    }

    mutable std::mutex m_mutex;
    mutable std::unordered_map<void *, std::size_t> m_live; // pooled buffers in use, by address
    mutable std::multimap<std::size_t, void *> m_free;      // kept buffers, by size
    mutable std::size_t m_cachedBytes = 0;
};

} // namespace

void TensorMemoryPool::install()
{
    static std::once_flag once;
    std::call_once(once, [] { c10::SetCPUAllocator(&PoolAllocator::instance(), /*priority=*/1); });
}

void TensorMemoryPool::releaseCached()
{
    PoolAllocator::instance().releaseCached();
}

std::size_t TensorMemoryPool::cachedBytes()
{
    return PoolAllocator::instance().cachedBytes();
}

} // namespace genrelab
