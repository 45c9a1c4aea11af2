#include "ModelBundle.h"

#include "dsp/FeatureContract.h"
#include "util/CheckedSaveFile.h"
#include "util/Error.h"
#include "util/JsonProblem.h"
#include "util/SafeSize.h"
#include "util/Sha256.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtEndian>

#include <cmath>
#include <cstring>

namespace genrelab {

namespace {

constexpr char kMagic[8] = {'G', 'L', 'B', 'U', 'N', 'D', 'L', 'E'};
constexpr qsizetype kHashBytes = 32;
constexpr int kMaxDimensions = 4;
constexpr std::int64_t kMaxDimension = 1 << 24;

template <typename T>
void appendLittleEndian(QByteArray &out, T value)
{
    char bytes[sizeof(T)];
    qToLittleEndian(value, bytes);
    out.append(bytes, sizeof(T));
}

template <typename T>
T readLittleEndian(const QByteArray &bytes, qsizetype offset)
{
    return qFromLittleEndian<T>(bytes.constData() + offset);
}

[[noreturn]] void corrupt(const QString &path, const QString &why)
{
    throw Error(Error::Kind::Corrupt, path, why, QStringLiteral("export the bundle again from its run"));
}

} // namespace

std::int64_t ModelBundle::Tensor::elementCount() const
{
    const auto bytes = SafeSize::bytes(std::span<const std::int64_t>(shape), 1, std::uint64_t(INT64_MAX));
    return bytes ? std::int64_t(*bytes) : -1;
}

void ModelBundle::checkWeights(const QString &path, const std::vector<Tensor> &tensors, const QString &advice)
{
    for (const Tensor &tensor : tensors) {
        for (std::size_t i = 0; i < tensor.values.size(); ++i) {
            const float value = tensor.values[i];
            if (std::isfinite(value) && std::fabs(value) <= maxWeightMagnitude)
                continue;
            const QString what = std::isfinite(value) ? QStringLiteral("an absurd value (%1)").arg(double(value), 0, 'g', 3)
                                                      : QStringLiteral("a value that is not a number (%1)").arg(double(value));
            throw Error(Error::Kind::Corrupt, path,
                        QStringLiteral("weight %1 holds %2 at position %3: the model is damaged").arg(tensor.name, what).arg(i),
                        advice);
        }
    }
}

const ModelBundle::Tensor *ModelBundle::find(const QString &name) const
{
    for (const Tensor &tensor : tensors)
        if (tensor.name == name)
            return &tensor;
    return nullptr;
}

QJsonObject ModelBundle::currentContract()
{
    using C = FeatureContract;
    return {{QStringLiteral("version"), C::version},     {QStringLiteral("sample_rate"), C::sampleRate},
            {QStringLiteral("snippet_samples"), C::snippetSamples}, {QStringLiteral("n_fft"), C::nFft},
            {QStringLiteral("hop"), C::hop},             {QStringLiteral("n_mels"), C::nMels},
            {QStringLiteral("frames"), C::frames},       {QStringLiteral("f_min"), C::fMin},
            {QStringLiteral("f_max"), C::fMax},          {QStringLiteral("top_db"), C::topDb},
            {QStringLiteral("mel_scale"), QStringLiteral("slaney")}, {QStringLiteral("scale"), QStringLiteral("power_to_db_ref_max")}};
}

QByteArray ModelBundle::manifest() const
{
    QJsonObject json = metadata;
    json[QStringLiteral("format")] = int(formatVersion);
    json[QStringLiteral("classes")] = QJsonArray::fromStringList(classes);
    json[QStringLiteral("network")] = network.toJson();
    if (!json.contains(QStringLiteral("contract")))
        json[QStringLiteral("contract")] = currentContract();
    QJsonArray table;
    for (const Tensor &tensor : tensors) {
        QJsonArray shape;
        for (std::int64_t dimension : tensor.shape)
            shape.append(qint64(dimension));
        table.append(QJsonObject{{QStringLiteral("name"), tensor.name}, {QStringLiteral("shape"), shape}});
    }
    json[QStringLiteral("tensors")] = table;
    return QJsonDocument(json).toJson(QJsonDocument::Indented);
}

void ModelBundle::write(const QString &path) const
{
    const QByteArray json = manifest();
    std::uint64_t payloadBytes = 0;
    for (const Tensor &tensor : tensors)
        payloadBytes += tensor.values.size() * sizeof(float);
    QByteArray bytes;
    bytes.reserve(qsizetype(32 + json.size() + payloadBytes + kHashBytes));
    bytes.append(kMagic, sizeof(kMagic));
    appendLittleEndian<std::uint32_t>(bytes, formatVersion);
    appendLittleEndian<std::uint32_t>(bytes, std::uint32_t(json.size()));
    bytes.append(json);
    appendLittleEndian<std::uint64_t>(bytes, payloadBytes);
    for (const Tensor &tensor : tensors)
        for (float value : tensor.values)
            appendLittleEndian<float>(bytes, value);
    bytes.append(Sha256::hash(bytes));
    CheckedSaveFile::save(path, bytes);
}

ModelBundle ModelBundle::read(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        throw Error(Error::Kind::FileMissing, path, QStringLiteral("no such file"));
    if (info.isDir())
        throw Error(Error::Kind::Unreadable, path, QStringLiteral("is a folder, not a .genrelab bundle"));
    if (!info.isFile()) // a pipe would block the read, a device never end
        throw Error(Error::Kind::Unreadable, path, QStringLiteral("is not a regular file (a pipe, socket or device)"));
    if (info.size() == 0)
        throw Error(Error::Kind::EmptyFile, path, QStringLiteral("the file is empty"));
    constexpr qint64 headerBytes = sizeof(kMagic) + 8;
    if (qint64(maxPayloadBytes + maxManifestBytes) + headerBytes + 8 + kHashBytes < info.size())
        throw Error(Error::Kind::Corrupt, path, QStringLiteral("far larger than any GenreLab model"));
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly))
        throw Error(Error::Kind::Unreadable, path, in.errorString());
    const QByteArray bytes = in.readAll();
    if (bytes.size() < qsizetype(sizeof(kMagic)) || std::memcmp(bytes.constData(), kMagic, sizeof(kMagic)) != 0)
        throw Error(Error::Kind::InvalidArgument, path, QStringLiteral("not a GenreLab model bundle"),
                    QStringLiteral("export one with `genrelab-cli export RUN_DIR --bundle OUT.genrelab`"));
    if (bytes.size() < headerBytes)
        corrupt(path, QStringLiteral("truncated: the header is incomplete"));
    const auto format = readLittleEndian<std::uint32_t>(bytes, sizeof(kMagic));
    if (format != formatVersion)
        throw Error(Error::Kind::Unsupported, path,
                    QStringLiteral("bundle format %1, this GenreLab reads format %2").arg(format).arg(formatVersion),
                    QStringLiteral("open it with the GenreLab version that wrote it"));
    const auto manifestBytes = readLittleEndian<std::uint32_t>(bytes, sizeof(kMagic) + 4);
    if (manifestBytes > maxManifestBytes || bytes.size() < headerBytes + qsizetype(manifestBytes) + 8 + kHashBytes)
        corrupt(path, QStringLiteral("truncated or damaged: the description does not fit in the file"));
    const auto payloadBytes = readLittleEndian<std::uint64_t>(bytes, headerBytes + manifestBytes);
    const qsizetype payloadAt = headerBytes + manifestBytes + 8;
    if (payloadBytes > maxPayloadBytes || std::uint64_t(bytes.size()) != payloadAt + payloadBytes + kHashBytes)
        corrupt(path, QStringLiteral("truncated or damaged: %1 bytes where %2 were expected")
                          .arg(bytes.size()).arg(payloadAt + qint64(std::min(payloadBytes, maxPayloadBytes)) + kHashBytes));
    const QByteArray stored = bytes.right(kHashBytes);
    if (Sha256::hash(QByteArrayView(bytes).first(bytes.size() - kHashBytes)) != stored)
        corrupt(path, QStringLiteral("the checksum does not match: the file was altered or damaged"));

    ModelBundle bundle = fromManifest(path, bytes.mid(headerBytes, manifestBytes), payloadBytes);
    qsizetype offset = payloadAt;
    for (Tensor &tensor : bundle.tensors) {
        tensor.values.resize(std::size_t(tensor.elementCount()));
        for (float &value : tensor.values) {
            value = readLittleEndian<float>(bytes, offset);
            offset += 4;
        }
    }
    checkWeights(path, bundle.tensors, QStringLiteral("export the bundle again from its run"));
    return bundle;
}

// Which preprocessing parameter differs, in words: two contracts of one version number
// that differ in a parameter must not read "contract 1 … computes contract 1".
static QString contractDifference(const QJsonObject &theirs, const QJsonObject &ours)
{
    const auto text = [](const QJsonValue &value) {
        return value.isUndefined() ? QStringLiteral("none")
                                   : QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
    };
    const QString version = QStringLiteral("version");
    if (theirs.value(version) != ours.value(version))
        return QStringLiteral("made for preprocessing contract %1; this GenreLab computes contract %2")
            .arg(text(theirs.value(version)), text(ours.value(version)));
    QStringList keys = ours.keys() + theirs.keys();
    keys.removeDuplicates();
    for (const QString &key : std::as_const(keys))
        if (theirs.value(key) != ours.value(key))
            return QStringLiteral("made for other features: its preprocessing contract %1 has %2 = %3 where this "
                                  "GenreLab's has %2 = %4")
                .arg(text(ours.value(version)), key, text(theirs.value(key)), text(ours.value(key)));
    return QStringLiteral("made for another preprocessing contract");
}

// Validates the JSON description; tensors get names and shapes, not yet values.
ModelBundle ModelBundle::fromManifest(const QString &path, const QByteArray &json, std::uint64_t payloadBytes)
{
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        corrupt(path, QStringLiteral("its description cannot be read: ") + jsonObjectProblem(parseError));
    QJsonObject object = document.object();

    const QJsonObject contract = object.value(QStringLiteral("contract")).toObject();
    if (contract != currentContract())
        throw Error(Error::Kind::Unsupported, path, contractDifference(contract, currentContract()),
                    QStringLiteral("its predictions would be meaningless on these features"));

    ModelBundle bundle;
    for (const QJsonValue &name : object.value(QStringLiteral("classes")).toArray())
        bundle.classes << name.toString();
    if (bundle.classes.size() < 2 || bundle.classes.contains(QString()))
        corrupt(path, QStringLiteral("the class list is missing or has empty names"));
    try {
        bundle.network = CrnnOptions::fromJson(object.value(QStringLiteral("network")).toObject());
    } catch (const Error &error) {
        corrupt(path, QStringLiteral("the network description is invalid: ") + error.cause());
    }
    if (bundle.network.classes != int(bundle.classes.size()))
        corrupt(path, QStringLiteral("the network has %1 outputs but the bundle names %2 classes")
                          .arg(bundle.network.classes).arg(bundle.classes.size()));

    std::uint64_t described = 0;
    for (const QJsonValue &entry : object.value(QStringLiteral("tensors")).toArray()) {
        Tensor tensor;
        tensor.name = entry.toObject().value(QStringLiteral("name")).toString();
        const QJsonArray shape = entry.toObject().value(QStringLiteral("shape")).toArray();
        if (tensor.name.isEmpty() || shape.isEmpty() || shape.size() > kMaxDimensions)
            corrupt(path, QStringLiteral("a weight has no name or an impossible shape"));
        for (const QJsonValue &dimension : shape) {
            const qint64 size = dimension.toInteger(-1);
            if (size < 1 || size > kMaxDimension)
                corrupt(path, QStringLiteral("weight %1 has an impossible shape").arg(tensor.name));
            tensor.shape.push_back(size);
        }
        // Checked arithmetic: 2^62 elements times 4 bytes must not wrap to a size that fits.
        const auto bytes = SafeSize::bytes(std::span<const std::int64_t>(tensor.shape), sizeof(float), maxPayloadBytes);
        const auto sum = bytes ? SafeSize::add(described, *bytes) : std::nullopt;
        if (!sum)
            corrupt(path, QStringLiteral("weight %1 claims more values than the file holds").arg(tensor.name));
        described = *sum;
        if (described > payloadBytes)
            break;
        bundle.tensors.push_back(std::move(tensor));
    }
    if (described != payloadBytes)
        corrupt(path, QStringLiteral("the weights described (%1 bytes) are not the weights stored (%2 bytes)")
                          .arg(described).arg(payloadBytes));
    for (const char *key : {"format", "classes", "network", "tensors"})
        object.remove(QLatin1String(key));
    bundle.metadata = object;
    return bundle;
}

} // namespace genrelab
