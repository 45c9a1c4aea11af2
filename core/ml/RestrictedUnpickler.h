#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

#include <cstdint>
#include <vector>

namespace genrelab {

// Reads the pickle inside a torch.save file the way torch.load(weights_only=True) does,
// without Python: plain values, dicts (OrderedDict too), lists, tuples and tensors;
// the only callables it knows are OrderedDict and PyTorch's tensor/parameter rebuild
// functions, and nothing in the file is ever executed. Anything else is refused.
// The result is JSON: tuples become arrays, dict keys strings, and a tensor becomes
// {"$tensor": i}, an index into tensors(), whose data stays in the archive's
// data/<storage> records for the caller to check and copy.
// Thread contract: one object per thread.
class RestrictedUnpickler
{
public:
    struct TensorRef
    {
        QString dtype;        // "float32", "float64", "float16", "bfloat16", "int64", ...
        QString storage;      // the record data/<storage>
        std::int64_t storageElements = 0;
        std::int64_t offset = 0;
        std::vector<std::int64_t> shape, stride;
    };

    static constexpr qsizetype maxPickleBytes = 16 << 20;
    static constexpr int maxDepth = 32;

    explicit RestrictedUnpickler(const QString &path) : m_path(path) {}
    // Throws Error(Corrupt) for a damaged pickle, Error(Unsupported) for one that needs
    // anything beyond plain data and tensors.
    QJsonValue load(const QByteArray &pickle);
    const std::vector<TensorRef> &tensors() const { return m_tensors; }

    // Bytes per element of a dtype name above, 0 for an unknown one.
    static int elementSize(const QString &dtype);

private:
    QString m_path;
    std::vector<TensorRef> m_tensors;
};

} // namespace genrelab
