#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <type_traits>

namespace genrelab {

// Arithmetic on sizes read from files. A header or manifest is untrusted: a shape of
// 2^62 elements times 4 bytes wraps to 0 in plain uint64 arithmetic and then passes
// every "does it fit in the file" test. These return nothing instead of wrapping, and
// callers compare the result with the real file length before allocating anything.
// Thread contract: stateless.
struct SafeSize
{
    static std::optional<std::uint64_t> multiply(std::uint64_t a, std::uint64_t b)
    {
        std::uint64_t product = 0;
        if (__builtin_mul_overflow(a, b, &product))
            return std::nullopt;
        return product;
    }

    static std::optional<std::uint64_t> add(std::uint64_t a, std::uint64_t b)
    {
        std::uint64_t sum = 0;
        if (__builtin_add_overflow(a, b, &sum))
            return std::nullopt;
        return sum;
    }

    // The product of `dimensions` times `elementBytes`; nothing when a dimension is
    // negative or the product wraps or exceeds `limit` bytes.
    template <typename Dimension>
    static std::optional<std::uint64_t> bytes(std::span<const Dimension> dimensions, std::uint64_t elementBytes,
                                              std::uint64_t limit)
    {
        std::optional<std::uint64_t> total = elementBytes;
        for (const Dimension dimension : dimensions) {
            if constexpr (std::is_signed_v<Dimension>)
                if (dimension < 0)
                    return std::nullopt;
            if (!total)
                return std::nullopt;
            total = multiply(*total, std::uint64_t(dimension));
        }
        if (!total || *total > limit)
            return std::nullopt;
        return total;
    }
};

} // namespace genrelab
