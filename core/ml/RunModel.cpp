#include "RunModel.h"

#include "Inference.h"
#include "RunDirectory.h"
#include "util/Error.h"
#include "util/Sha256.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace genrelab {

namespace {

const QString kAdvice = QStringLiteral("config.json and best.pt of this run do not belong together or best.pt is damaged; "
                                       "train the run again (or restore both files from a backup)");

[[noreturn]] void corrupt(const QString &path, const QString &why)
{
    throw Error(Error::Kind::Corrupt, path, why, kAdvice);
}

QByteArray bytesOf(const torch::Tensor &value)
{
    const torch::Tensor cpu = value.to(torch::kCPU, torch::kUInt8).contiguous();
    return QByteArray(reinterpret_cast<const char *>(cpu.data_ptr<std::uint8_t>()), qsizetype(cpu.numel()));
}

torch::Tensor tensorOfBytes(const QByteArray &bytes)
{
    return torch::from_blob(const_cast<char *>(bytes.constData()), {std::int64_t(bytes.size())}, torch::kUInt8).clone();
}

// What best.pt holds, whatever network config.json describes: every floating-point
// tensor under its dotted name (the module hierarchy, as named_parameters() spells it),
// and our own two records. Integer buffers (BatchNorm's step counter) are bookkeeping.
struct StoredModel
{
    std::vector<ModelBundle::Tensor> tensors;
    QByteArray classes;  // UTF-8 JSON array; empty in runs older than the record
    QByteArray checksum; // 32 bytes; empty in runs older than the record
};

void collect(torch::serialize::InputArchive &archive, const std::string &prefix, int depth, StoredModel &stored)
{
    if (depth > 8) // our networks nest three deep; more is not a GenreLab model
        throw std::runtime_error("the archive nests modules too deeply");
    for (const std::string &key : archive.keys()) {
        torch::Tensor tensor;
        torch::serialize::InputArchive child;
        if (archive.try_read(key, tensor, /*is_buffer=*/true)) {
            if (depth == 0 && key == RunModel::classesKey)
                stored.classes = bytesOf(tensor);
            else if (depth == 0 && key == RunModel::checksumKey)
                stored.checksum = bytesOf(tensor);
            else if (tensor.is_floating_point())
                stored.tensors.push_back(bundleTensor(prefix + key, tensor));
        } else if (archive.try_read(key, child)) {
            collect(child, prefix + key + ".", depth + 1, stored);
        }
    }
}

StoredModel readStored(const QString &path)
{
    StoredModel stored;
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(QFile::encodeName(path).toStdString(), torch::kCPU);
        collect(archive, {}, 0, stored);
    } catch (const std::exception &error) { // c10::Error included: a damaged or foreign archive
        corrupt(path, QStringLiteral("not a readable LibTorch model archive (%1)")
                          .arg(QString::fromLocal8Bit(error.what()).section(QLatin1Char('\n'), 0, 0)));
    }
    if (stored.tensors.empty())
        corrupt(path, QStringLiteral("holds no weights"));
    return stored;
}

QString joined(const QStringList &names)
{
    return names.join(QStringLiteral(", "));
}

} // namespace

QByteArray RunModel::checksum(const std::vector<ModelBundle::Tensor> &tensors)
{
    std::vector<const ModelBundle::Tensor *> sorted;
    for (const ModelBundle::Tensor &tensor : tensors)
        sorted.push_back(&tensor);
    std::sort(sorted.begin(), sorted.end(), [](auto *a, auto *b) { return a->name < b->name; });
    Sha256 hash;
    for (const ModelBundle::Tensor *tensor : sorted) {
        hash.addData(tensor->name.toUtf8());
        hash.addData(QByteArrayView("\0", 1));
        hash.addData(QByteArrayView(reinterpret_cast<const char *>(tensor->values.data()), qsizetype(tensor->values.size() * sizeof(float))));
    }
    return hash.result();
}

ModelBundle RunModel::read(const QString &runDir)
{
    const RunDirectory run(runDir);
    const QString weights = run.bestModelPath();
    ModelBundle bundle;
    try {
        bundle.network = run.readConfig().network;
    } catch (const Error &error) {
        throw Error(error.kind() == Error::Kind::FileMissing ? Error::Kind::FileMissing : Error::Kind::Corrupt,
                    run.configPath(), error.cause(), QStringLiteral("this folder is not a usable GenreLab run"));
    }
    bundle.classes = run.readLabels();
    if (bundle.classes.size() < 2 || bundle.classes.contains(QString()))
        throw Error(Error::Kind::Corrupt, run.configPath(), QStringLiteral("lists fewer than two classes, or an empty class name"),
                    QStringLiteral("this folder is not a usable GenreLab run"));
    bundle.network.classes = int(bundle.classes.size());
    if (!QFileInfo(weights).exists())
        throw Error(Error::Kind::FileMissing, weights, QStringLiteral("this run has no trained model yet"));
    if (!QFileInfo(weights).isFile())
        throw Error(Error::Kind::Unreadable, weights, QStringLiteral("is not a regular file"));

    StoredModel stored = readStored(weights);
    if (!stored.checksum.isEmpty() && stored.checksum != checksum(stored.tensors))
        corrupt(weights, QStringLiteral("the weights do not match the checksum saved with them: the file was altered or damaged"));
    if (!stored.classes.isEmpty()) {
        QStringList trained;
        for (const QJsonValue &name : QJsonDocument::fromJson(stored.classes).array())
            trained << name.toString();
        if (trained != bundle.classes)
            throw Error(Error::Kind::Corrupt, run.configPath(),
                        QStringLiteral("lists the classes %1, but best.pt was trained on %2 (in that order): its answers "
                                       "would carry the wrong names").arg(joined(bundle.classes), joined(trained)),
                        kAdvice);
    }
    bundle.tensors = std::move(stored.tensors);
    ModelBundle::checkWeights(weights, bundle.tensors, kAdvice);
    return bundle;
}

void addModelIdentity(torch::serialize::OutputArchive &archive, const std::shared_ptr<Network> &net, const QStringList &labels)
{
    std::vector<ModelBundle::Tensor> tensors;
    for (const auto &item : net->named_parameters())
        tensors.push_back(bundleTensor(item.key(), item.value()));
    for (const auto &item : net->named_buffers())
        if (item.value().is_floating_point())
            tensors.push_back(bundleTensor(item.key(), item.value()));
    archive.write(RunModel::classesKey, tensorOfBytes(QJsonDocument(QJsonArray::fromStringList(labels)).toJson(QJsonDocument::Compact)),
                  /*is_buffer=*/true);
    archive.write(RunModel::checksumKey, tensorOfBytes(RunModel::checksum(tensors)), /*is_buffer=*/true);
}

} // namespace genrelab
