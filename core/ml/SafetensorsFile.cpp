#include "SafetensorsFile.h"

#include "RestrictedUnpickler.h"
#include "util/CheckedSaveFile.h"
#include "util/Error.h"
#include "util/JsonProblem.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtEndian>

#include <algorithm>

namespace genrelab {

namespace {

constexpr qsizetype kLengthBytes = 8;
constexpr int kMaxDimensions = 8;

// safetensors dtype ↔ the dtype names WeightsFile and RestrictedUnpickler use.
const struct { const char *code, *dtype; } kDtypes[] = {
    {"F32", "float32"}, {"F64", "float64"}, {"F16", "float16"}, {"BF16", "bfloat16"}, {"I64", "int64"},
    {"I32", "int32"},   {"I16", "int16"},   {"I8", "int8"},     {"U8", "uint8"},      {"BOOL", "bool"}};

QString dtypeOf(const QString &code)
{
    for (const auto &entry : kDtypes)
        if (code == QLatin1String(entry.code))
            return QLatin1String(entry.dtype);
    return {};
}

struct Planned
{
    QString name, code;
    std::vector<std::int64_t> shape;
    QByteArray bytes;
};

std::vector<Planned> plan(const ModelBundle &bundle)
{
    std::vector<Planned> tensors;
    for (const ModelBundle::Tensor &tensor : bundle.tensors) {
        QByteArray bytes(qsizetype(tensor.values.size() * sizeof(float)), Qt::Uninitialized);
        for (std::size_t i = 0; i < tensor.values.size(); ++i)
            qToLittleEndian(tensor.values[i], bytes.data() + i * sizeof(float));
        tensors.push_back({tensor.name, QStringLiteral("F32"), tensor.shape, bytes});
        // torch.nn.BatchNorm's step counter, as in PtFile: a strict load_state_dict needs it.
        if (tensor.name.endsWith(QLatin1String(".running_var")))
            tensors.push_back({tensor.name.chopped(int(qstrlen("running_var"))) + QStringLiteral("num_batches_tracked"),
                               QStringLiteral("I64"), {}, QByteArray(8, '\0')});
    }
    // Wider elements first, as the reference writer orders them: every tensor then
    // starts at a multiple of its element size.
    std::stable_sort(tensors.begin(), tensors.end(), [](const Planned &a, const Planned &b) {
        const int wa = a.code == QLatin1String("I64") ? 8 : 4, wb = b.code == QLatin1String("I64") ? 8 : 4;
        return wa != wb ? wa > wb : a.name < b.name;
    });
    return tensors;
}

QString compact(const QJsonValue &value)
{
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
}

QJsonObject metadataOf(const ModelBundle &bundle)
{
    QJsonObject metadata{{QStringLiteral("format"), QString::number(SafetensorsFile::formatVersion)},
                         {QStringLiteral("classes"), compact(QJsonArray::fromStringList(bundle.classes))},
                         {QStringLiteral("contract"), compact(bundle.metadata.value(QStringLiteral("contract")).toObject(ModelBundle::currentContract()))},
                         {QStringLiteral("architecture"), compact(QJsonObject{{QStringLiteral("name"), QStringLiteral("crnn")},
                                                                              {QStringLiteral("cell"), CrnnOptions::cellName(bundle.network.cell)},
                                                                              {QStringLiteral("hidden"), bundle.network.hidden},
                                                                              {QStringLiteral("classes"), int(bundle.classes.size())}})}};
    for (const char *key : {"split", "metrics", "training", "versions"})
        if (bundle.metadata.value(QLatin1String(key)).isObject())
            metadata[QLatin1String(key)] = compact(bundle.metadata.value(QLatin1String(key)));
    return metadata;
}

[[noreturn]] void corrupt(const QString &path, const QString &why)
{
    throw Error(Error::Kind::Corrupt, path, QStringLiteral("damaged safetensors file: ") + why,
                QStringLiteral("save or export the model again"));
}

// The description's values are JSON written as strings; anything else stays a string.
QJsonObject parseMetadata(const QJsonObject &raw, const QString &path)
{
    QJsonObject metadata;
    for (auto it = raw.begin(); it != raw.end(); ++it) {
        if (!it.value().isString())
            corrupt(path, QStringLiteral("__metadata__ must map strings to strings (%1 does not)").arg(it.key().left(80)));
        const QJsonDocument document = QJsonDocument::fromJson(it.value().toString().toUtf8());
        metadata[it.key()] = document.isObject() ? QJsonValue(document.object())
                           : document.isArray()  ? QJsonValue(document.array())
                                                 : it.value();
    }
    return metadata;
}

} // namespace

bool SafetensorsFile::looksLike(const QByteArray &head)
{
    return head.size() > kLengthBytes && qFromLittleEndian<quint64>(head.constData()) <= quint64(maxHeaderBytes)
        && head.at(kLengthBytes) == '{';
}

QByteArray SafetensorsFile::encode(const ModelBundle &bundle)
{
    const std::vector<Planned> tensors = plan(bundle);
    QJsonObject header{{QStringLiteral("__metadata__"), metadataOf(bundle)}};
    qint64 offset = 0;
    QByteArray data;
    for (const Planned &tensor : tensors) {
        QJsonArray shape;
        for (std::int64_t size : tensor.shape)
            shape.append(qint64(size));
        header[tensor.name] = QJsonObject{{QStringLiteral("dtype"), tensor.code}, {QStringLiteral("shape"), shape},
                                          {QStringLiteral("data_offsets"), QJsonArray{offset, offset + tensor.bytes.size()}}};
        offset += tensor.bytes.size();
        data.append(tensor.bytes);
    }
    QByteArray json = QJsonDocument(header).toJson(QJsonDocument::Compact);
    json.append(QByteArray((8 - json.size() % 8) % 8, ' ')); // the data starts 8-aligned
    QByteArray out(kLengthBytes, Qt::Uninitialized);
    qToLittleEndian<quint64>(quint64(json.size()), out.data());
    return out + json + data;
}

void SafetensorsFile::write(const ModelBundle &bundle, const QString &path)
{
    CheckedSaveFile::save(path, encode(bundle));
}

WeightsFile SafetensorsFile::read(const QString &path)
{
    return decode(WeightsFile::readFileBytes(path, maxFileBytes), path);
}

WeightsFile SafetensorsFile::decode(const QByteArray &bytes, const QString &path)
{
    if (bytes.size() < kLengthBytes)
        corrupt(path, QStringLiteral("shorter than its 8-byte header length"));
    const quint64 headerBytes = qFromLittleEndian<quint64>(bytes.constData());
    if (headerBytes > quint64(maxHeaderBytes) || headerBytes > quint64(bytes.size() - kLengthBytes))
        corrupt(path, QStringLiteral("the header claims %1 bytes but the file has %2").arg(headerBytes).arg(bytes.size() - kLengthBytes));
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(bytes.mid(kLengthBytes, qsizetype(headerBytes)), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        corrupt(path, QStringLiteral("its header cannot be read: ") + jsonObjectProblem(error));
    const qsizetype dataAt = kLengthBytes + qsizetype(headerBytes);
    const qint64 dataBytes = bytes.size() - dataAt;

    WeightsFile file;
    struct Span { qint64 begin, end; };
    std::vector<Span> spans;
    const QJsonObject header = document.object();
    for (auto it = header.begin(); it != header.end(); ++it) {
        if (it.key() == QLatin1String("__metadata__")) {
            if (!it.value().isObject())
                corrupt(path, QStringLiteral("__metadata__ is not an object"));
            file.metadata = parseMetadata(it.value().toObject(), path);
            continue;
        }
        const QString &name = it.key();
        const QJsonObject entry = it.value().toObject();
        const QString dtype = dtypeOf(entry.value(QStringLiteral("dtype")).toString());
        if (dtype.isEmpty())
            throw Error(Error::Kind::Unsupported, path, QStringLiteral("tensor %1 has dtype \"%2\", which GenreLab does not read")
                                                           .arg(name.left(80), entry.value(QStringLiteral("dtype")).toString().left(16)));
        const QJsonArray shape = entry.value(QStringLiteral("shape")).toArray(), offsets = entry.value(QStringLiteral("data_offsets")).toArray();
        ModelBundle::Tensor tensor;
        tensor.name = name;
        if (!entry.value(QStringLiteral("shape")).isArray() || shape.size() > kMaxDimensions)
            corrupt(path, QStringLiteral("tensor %1 has no valid shape").arg(name.left(80)));
        std::int64_t elements = 1;
        for (const QJsonValue &size : shape) {
            const qint64 value = size.toInteger(-1);
            if (!size.isDouble() || value < 0 || value > (1 << 24))
                corrupt(path, QStringLiteral("tensor %1 has an impossible shape").arg(name.left(80)));
            tensor.shape.push_back(value);
            elements *= value;
            if (elements > (std::int64_t(1) << 28))
                corrupt(path, QStringLiteral("tensor %1 is larger than any GenreLab weight").arg(name.left(80)));
        }
        const qint64 begin = offsets.size() == 2 ? offsets[0].toInteger(-1) : -1;
        const qint64 end = offsets.size() == 2 ? offsets[1].toInteger(-1) : -1;
        const int size = RestrictedUnpickler::elementSize(dtype);
        if (begin < 0 || end < begin || end > dataBytes)
            corrupt(path, QStringLiteral("tensor %1's data_offsets lie outside the data").arg(name.left(80)));
        if (end - begin != elements * size)
            corrupt(path, QStringLiteral("tensor %1 has %2 bytes where its shape needs %3").arg(name.left(80)).arg(end - begin).arg(elements * size));
        spans.push_back({begin, end});
        if (!WeightsFile::isFloatingPoint(dtype)) {
            file.integerTensors << name;
            continue;
        }
        tensor.values.resize(std::size_t(elements));
        for (std::int64_t i = 0; i < elements; ++i)
            tensor.values[std::size_t(i)] = WeightsFile::floatAt(bytes.constData() + dataAt + begin + i * size, dtype);
        file.tensors.push_back(std::move(tensor));
    }
    // The specification: the data is entirely indexed, without holes or overlaps.
    std::sort(spans.begin(), spans.end(), [](const Span &a, const Span &b) { return a.begin < b.begin || (a.begin == b.begin && a.end < b.end); });
    qint64 expected = 0;
    for (const Span &span : spans) {
        if (span.begin != expected)
            corrupt(path, QStringLiteral("the tensors' data overlap or leave a hole at byte %1").arg(expected));
        expected = span.end;
    }
    if (expected != dataBytes)
        corrupt(path, QStringLiteral("%1 bytes of data follow the last tensor (truncated or padded)").arg(dataBytes - expected));
    return file;
}

} // namespace genrelab
