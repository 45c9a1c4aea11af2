#pragma once

#include <QString>

#include <cstddef>
#include <span>
#include <vector>

namespace genrelab {

// NumPy .npy (format 1.0) for little-endian float32 arrays, so features can be
// compared with Python (`np.load`). Writes are atomic (temporary file, then rename).
// Thread contract: stateless functions.
class NpyFile
{
public:
    struct Array
    {
        std::vector<std::size_t> shape;
        std::vector<float> values;
    };

    // Throws Error(WriteFailed) when the file cannot be written.
    static void writeFloat32(const QString &path, std::span<const std::size_t> shape, std::span<const float> values);
    // Throws Error(Corrupt/Unsupported) on anything but a C-ordered '<f4' array.
    static Array readFloat32(const QString &path);
};

} // namespace genrelab
