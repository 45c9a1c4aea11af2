#include "PtFile.h"

#include "RestrictedUnpickler.h"
#include "util/CheckedSaveFile.h"
#include "util/Error.h"
#include "util/ZipStore.h"

#include <QJsonArray>
#include <QtEndian>

#include <cmath>

namespace genrelab {

namespace {

// The archive's folder; PyTorch takes any name and finds the records below it.
const QString kArchive = QStringLiteral("archive");
constexpr double kLargestExactWhole = 9007199254740992.0; // 2^53

// The subset of pickle protocol 2 that torch.save itself emits and every
// torch.load(weights_only=True) since PyTorch 1.13 accepts.
class PickleWriter
{
public:
    PickleWriter() { m_out.append("\x80\x02", 2); }

    void op(char code) { m_out.append(code); }
    void integer(qint64 value)
    {
        if (value >= 0 && value < 256) {
            op('K');
            m_out.append(char(value));
        } else if (value >= 0 && value < 65536) {
            op('M');
            append<quint16>(quint16(value));
        } else if (value >= INT32_MIN && value <= INT32_MAX) {
            op('J');
            append<qint32>(qint32(value));
        } else {
            m_out.append("\x8a\x08", 2); // LONG1, 8 bytes
            append<qint64>(value);
        }
    }
    void string(const QString &text)
    {
        const QByteArray utf8 = text.toUtf8();
        op('X');
        append<quint32>(quint32(utf8.size()));
        m_out.append(utf8);
    }
    void global(const char *module, const char *name)
    {
        op('c');
        m_out.append(module).append('\n').append(name).append('\n');
    }
    void json(const QJsonValue &value)
    {
        switch (value.type()) {
        case QJsonValue::Object: {
            op('}');
            const QJsonObject object = value.toObject();
            if (object.isEmpty())
                return;
            op('(');
            for (auto it = object.begin(); it != object.end(); ++it) {
                string(it.key());
                json(it.value());
            }
            op('u');
            return;
        }
        case QJsonValue::Array: {
            op(']');
            if (value.toArray().isEmpty())
                return;
            op('(');
            for (const QJsonValue &item : value.toArray())
                json(item);
            op('e');
            return;
        }
        case QJsonValue::String: string(value.toString()); return;
        case QJsonValue::Bool: op(value.toBool() ? '\x88' : '\x89'); return;
        case QJsonValue::Double: {
            const double number = value.toDouble();
            if (std::floor(number) == number && std::abs(number) < kLargestExactWhole)
                integer(qint64(number));
            else // PyTorch 1.13's weights_only loader has no float opcode
                string(QString::number(number, 'g', 17));
            return;
        }
        default: op('N'); return;
        }
    }
    // torch._utils._rebuild_tensor_v2(storage, 0, shape, contiguous strides, False, OrderedDict())
    void tensor(const char *storageClass, const QString &key, const std::vector<std::int64_t> &shape)
    {
        std::int64_t elements = 1;
        for (std::int64_t size : shape)
            elements *= size;
        global("torch._utils", "_rebuild_tensor_v2");
        op('(');
        op('(');
        string(QStringLiteral("storage"));
        global("torch", storageClass);
        string(key);
        string(QStringLiteral("cpu"));
        integer(elements);
        op('t');
        op('Q');
        integer(0);
        op('(');
        for (std::int64_t size : shape)
            integer(size);
        op('t');
        op('(');
        std::int64_t stride = 1;
        std::vector<std::int64_t> strides(shape.size());
        for (std::size_t i = shape.size(); i-- > 0;) {
            strides[i] = stride;
            stride *= shape[i];
        }
        for (std::int64_t value : strides)
            integer(value);
        op('t');
        op('\x89');
        global("collections", "OrderedDict");
        op(')');
        op('R');
        op('t');
        op('R');
    }
    QByteArray finish()
    {
        op('.');
        return m_out;
    }

private:
    template <typename T>
    void append(T value)
    {
        char bytes[sizeof(T)];
        qToLittleEndian(value, bytes);
        m_out.append(bytes, sizeof(T));
    }
    QByteArray m_out;
};

QByteArray floatBytes(const std::vector<float> &values)
{
    QByteArray bytes(qsizetype(values.size() * sizeof(float)), Qt::Uninitialized);
    for (std::size_t i = 0; i < values.size(); ++i)
        qToLittleEndian(values[i], bytes.data() + i * sizeof(float));
    return bytes;
}

QJsonObject architectureOf(const ModelBundle &bundle)
{
    return {{QStringLiteral("name"), QStringLiteral("crnn")},
            {QStringLiteral("cell"), CrnnOptions::cellName(bundle.network.cell)},
            {QStringLiteral("hidden"), bundle.network.hidden},
            {QStringLiteral("classes"), int(bundle.classes.size())}};
}

// Copies a tensor's elements out of its storage record, following its strides, after
// checking that every element it reaches lies inside the record.
ModelBundle::Tensor copyTensor(const QString &name, const RestrictedUnpickler::TensorRef &ref, const QByteArray &storage,
                               const QString &path)
{
    const auto corrupt = [&](const QString &why) {
        return Error(Error::Kind::Corrupt, path, QStringLiteral("tensor %1 %2").arg(name, why),
                     QStringLiteral("save the model again with torch.save"));
    };
    const int size = RestrictedUnpickler::elementSize(ref.dtype);
    if (storage.size() != ref.storageElements * size)
        throw corrupt(QStringLiteral("has %1 bytes of data where its storage needs %2").arg(storage.size()).arg(ref.storageElements * size));
    ModelBundle::Tensor tensor;
    tensor.name = name;
    tensor.shape = ref.shape;
    std::int64_t elements = 1, last = ref.offset;
    for (std::size_t i = 0; i < ref.shape.size(); ++i) {
        if (ref.shape[i] < 0 || ref.shape[i] > (1 << 24) || ref.stride[i] < 0 || ref.stride[i] > (std::int64_t(1) << 32))
            throw corrupt(QStringLiteral("has an impossible shape"));
        elements *= ref.shape[i];
        if (elements > (std::int64_t(1) << 28))
            throw corrupt(QStringLiteral("is larger than any GenreLab weight"));
        last += (ref.shape[i] - 1) * ref.stride[i];
    }
    if (elements > 0 && (ref.offset < 0 || last >= ref.storageElements))
        throw corrupt(QStringLiteral("reaches outside its storage"));
    tensor.values.resize(std::size_t(elements));
    for (std::int64_t flat = 0; flat < elements; ++flat) {
        std::int64_t at = ref.offset, rest = flat;
        for (std::size_t i = ref.shape.size(); i-- > 0;) {
            at += (rest % ref.shape[i]) * ref.stride[i];
            rest /= ref.shape[i];
        }
        tensor.values[std::size_t(flat)] = WeightsFile::floatAt(storage.constData() + at * size, ref.dtype);
    }
    return tensor;
}

} // namespace

QByteArray PtFile::encode(const ModelBundle &bundle)
{
    std::vector<ZipStore::Entry> records;
    PickleWriter pickle;
    pickle.op('}');
    pickle.op('(');
    pickle.string(QStringLiteral("format"));
    pickle.integer(formatVersion);
    pickle.string(QStringLiteral("state_dict"));
    pickle.global("collections", "OrderedDict");
    pickle.op(')');
    pickle.op('R');
    pickle.op('(');
    for (const ModelBundle::Tensor &tensor : bundle.tensors) {
        const QString key = QString::number(records.size());
        pickle.string(tensor.name);
        pickle.tensor("FloatStorage", key, tensor.shape);
        records.push_back({kArchive + QStringLiteral("/data/") + key, floatBytes(tensor.values)});
        // torch.nn.BatchNorm's step counter: without it a strict load_state_dict fails.
        if (tensor.name.endsWith(QLatin1String(".running_var"))) {
            const QString counter = QString::number(records.size());
            pickle.string(tensor.name.chopped(int(qstrlen("running_var"))) + QStringLiteral("num_batches_tracked"));
            pickle.tensor("LongStorage", counter, {});
            records.push_back({kArchive + QStringLiteral("/data/") + counter, QByteArray(8, '\0')});
        }
    }
    pickle.op('u');
    pickle.string(QStringLiteral("classes"));
    pickle.json(QJsonArray::fromStringList(bundle.classes));
    pickle.string(QStringLiteral("contract"));
    pickle.json(bundle.metadata.value(QStringLiteral("contract")).toObject(ModelBundle::currentContract()));
    pickle.string(QStringLiteral("architecture"));
    pickle.json(architectureOf(bundle));
    pickle.op('u');
    records.insert(records.begin(), {kArchive + QStringLiteral("/data.pkl"), pickle.finish()});
    records.push_back({kArchive + QStringLiteral("/byteorder"), QByteArrayLiteral("little")});
    records.push_back({kArchive + QStringLiteral("/version"), QByteArrayLiteral("3\n")});
    return ZipStore::write(records);
}

void PtFile::write(const ModelBundle &bundle, const QString &path)
{
    CheckedSaveFile::save(path, encode(bundle));
}

WeightsFile PtFile::read(const QString &path)
{
    return decode(WeightsFile::readFileBytes(path, maxFileBytes), path);
}

WeightsFile PtFile::decode(const QByteArray &bytes, const QString &path)
{
    if (!bytes.startsWith("PK\x03\x04"))
        throw Error(Error::Kind::InvalidArgument, path, QStringLiteral("not a PyTorch file (torch.save writes a ZIP archive)"),
                    QStringLiteral("files from PyTorch before 1.6 or torch.jit.save are not read; re-save with torch.save"));
    const std::vector<ZipStore::Entry> entries = ZipStore::read(bytes, path);
    if (entries.empty())
        throw Error(Error::Kind::InvalidArgument, path, QStringLiteral("an empty ZIP archive, not a torch.save file"));
    const QString folder = entries.front().name.section(u'/', 0, 0);
    const auto record = [&](const QString &name) -> const QByteArray * {
        for (const ZipStore::Entry &entry : entries)
            if (entry.name == folder + u'/' + name)
                return &entry.data;
        return nullptr;
    };
    const QByteArray *pickle = record(QStringLiteral("data.pkl"));
    if (!pickle)
        throw Error(Error::Kind::InvalidArgument, path, QStringLiteral("a ZIP archive without data.pkl, not a torch.save file"));
    if (const QByteArray *order = record(QStringLiteral("byteorder")); order && *order != "little")
        throw Error(Error::Kind::Unsupported, path, QStringLiteral("saved on a big-endian machine"));

    RestrictedUnpickler unpickler(path);
    const QJsonValue root = unpickler.load(*pickle);
    if (!root.isObject())
        throw Error(Error::Kind::Unsupported, path, QStringLiteral("holds no dict of tensors (a state_dict)"),
                    QStringLiteral("save model.state_dict()"));
    WeightsFile file;
    QJsonObject state = root.toObject();
    // GenreLab's and python/genrelab's key, or the training checkpoint of PyTorch's
    // tutorials ({"epoch", "model_state_dict", "optimizer_state_dict", ...}).
    for (const QString &key : {QStringLiteral("state_dict"), QStringLiteral("model_state_dict")}) {
        if (!state.value(key).isObject())
            continue;
        file.metadata = state;
        file.metadata.remove(key);
        state = state.value(key).toObject();
        break;
    }
    for (auto it = state.begin(); it != state.end(); ++it) {
        const QJsonValue index = it.value().toObject().value(QStringLiteral("$tensor"));
        if (!index.isDouble())
            throw Error(Error::Kind::Unsupported, path,
                        QStringLiteral("its state_dict entry %1 is not a tensor").arg(it.key().left(80)),
                        QStringLiteral("save model.state_dict(), or a dict with it under \"state_dict\""));
        const RestrictedUnpickler::TensorRef &ref = unpickler.tensors()[std::size_t(index.toInteger())];
        const QByteArray *data = record(QStringLiteral("data/") + ref.storage);
        if (!data)
            throw Error(Error::Kind::Corrupt, path, QStringLiteral("the data of tensor %1 is missing").arg(it.key()),
                        QStringLiteral("save the model again with torch.save"));
        if (!WeightsFile::isFloatingPoint(ref.dtype)) {
            file.integerTensors << it.key();
            continue;
        }
        file.tensors.push_back(copyTensor(it.key(), ref, *data, path));
    }
    return file;
}

} // namespace genrelab
