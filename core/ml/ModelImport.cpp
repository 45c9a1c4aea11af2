#include "ModelImport.h"

#include "Inference.h"
#include "PtFile.h"
#include "SafetensorsFile.h"
#include "TorchRuntime.h"
#include "util/Error.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>


namespace genrelab {

namespace {

WeightsFile readAny(const QString &path)
{
    QFile probe(path);
    QByteArray head;
    if (QFileInfo(path).isFile() && probe.open(QIODevice::ReadOnly))
        head = probe.read(16);
    if (head.startsWith("PK\x03\x04"))
        return PtFile::read(path);
    if (SafetensorsFile::looksLike(head))
        return SafetensorsFile::read(path);
    WeightsFile::readFileBytes(path, PtFile::maxFileBytes); // says why when it is missing, empty or no file at all
    throw Error(Error::Kind::InvalidArgument, path, QStringLiteral("neither a PyTorch (.pt) nor a safetensors file"),
                QStringLiteral("save the state_dict with torch.save or safetensors.torch.save_file"));
}

void checkContract(const WeightsFile &file, const ModelImport::Options &options, const QString &path)
{
    const QJsonValue found = file.metadata.value(QStringLiteral("contract"));
    if (found.isUndefined()) {
        if (!options.assumeContract)
            throw Error(Error::Kind::InvalidArgument, path, QStringLiteral("the file does not say which preprocessing its model expects"),
                        QStringLiteral("save it with python/genrelab's save(), or pass --assume-contract if it was trained on GenreLab's features"));
        return;
    }
    const QJsonObject ours = ModelBundle::currentContract(), theirs = found.toObject();
    const auto refuse = [&](const QString &why) {
        return Error(Error::Kind::Unsupported, path, why, QStringLiteral("its predictions would be meaningless on GenreLab's features"));
    };
    if (!found.isObject())
        throw refuse(QStringLiteral("its preprocessing contract is not a dict"));
    if (theirs.value(QStringLiteral("version")).toDouble() != ours.value(QStringLiteral("version")).toDouble())
        throw refuse(QStringLiteral("made for preprocessing contract %1; this GenreLab computes contract %2")
                         .arg(theirs.value(QStringLiteral("version")).toVariant().toString().left(20)).arg(FeatureContract::version));
    for (auto it = theirs.begin(); it != theirs.end(); ++it) {
        const QJsonValue mine = ours.value(it.key());
        if (mine.isUndefined())
            throw refuse(QStringLiteral("its contract has a parameter this GenreLab does not know: %1").arg(it.key().left(40)));
        const bool same = mine.isDouble() ? it.value().isDouble() && it.value().toDouble() == mine.toDouble()
                                          : it.value() == mine;
        if (!same)
            throw refuse(QStringLiteral("its contract's %1 differs from GenreLab's").arg(it.key()));
    }
    for (auto it = ours.begin(); it != ours.end(); ++it)
        if (!theirs.contains(it.key()))
            throw refuse(QStringLiteral("its contract lacks %1").arg(it.key()));
}

const ModelBundle::Tensor *findTensor(const WeightsFile &file, const QString &name)
{
    for (const ModelBundle::Tensor &tensor : file.tensors)
        if (tensor.name == name)
            return &tensor;
    return nullptr;
}

// The file's own description when it has one, else what the weights' shapes say.
CrnnOptions architectureOf(const WeightsFile &file, const QString &path)
{
    const QJsonObject described = file.metadata.value(QStringLiteral("architecture")).toObject();
    const auto refuse = [&](const QString &why) {
        return Error(Error::Kind::Unsupported, path, why,
                     QStringLiteral("GenreLab imports its own CRNN (python/genrelab's CRNN, parameter names b1.0.weight … out.bias)"));
    };
    if (!described.isEmpty() && described.value(QStringLiteral("name")).toString() != QLatin1String("crnn"))
        throw refuse(QStringLiteral("architecture \"%1\" is not one GenreLab knows").arg(described.value(QStringLiteral("name")).toString().left(40)));
    const ModelBundle::Tensor *output = findTensor(file, QStringLiteral("out.weight"));
    const ModelBundle::Tensor *gru = findTensor(file, QStringLiteral("gru.weight_hh_l0"));
    const ModelBundle::Tensor *lstm = findTensor(file, QStringLiteral("lstm.weight_hh_l0"));
    const ModelBundle::Tensor *recurrent = gru ? gru : lstm;
    if (!output || output->shape.size() != 2 || !recurrent || recurrent->shape.size() != 2)
        throw refuse(QStringLiteral("its weights are not GenreLab's CRNN (no out.weight or gru/lstm.weight_hh_l0 of rank 2)"));
    QJsonObject options{{QStringLiteral("classes"), qint64(output->shape[0])},
                        {QStringLiteral("cell"), gru ? QStringLiteral("gru") : QStringLiteral("lstm")},
                        {QStringLiteral("hidden"), qint64(recurrent->shape[1])}};
    for (const char *key : {"cell", "hidden"})
        if (described.contains(QLatin1String(key)) && described.value(QLatin1String(key)) != options.value(QLatin1String(key))
            && described.value(QLatin1String(key)).toDouble(-1) != options.value(QLatin1String(key)).toDouble(-2))
            throw refuse(QStringLiteral("its description says %1 %2 but its weights are for %3")
                             .arg(QLatin1String(key), described.value(QLatin1String(key)).toVariant().toString().left(20),
                                  options.value(QLatin1String(key)).toVariant().toString()));
    try {
        return CrnnOptions::fromJson(options);
    } catch (const Error &) {
        throw refuse(QStringLiteral("its weights describe a CRNN with %1 outputs and %2 hidden units, outside what GenreLab runs")
                         .arg(output->shape[0]).arg(recurrent->shape[1]));
    }
}

QStringList classesOf(const WeightsFile &file, const ModelImport::Options &options, int outputs, const QString &path)
{
    QStringList classes = options.classes;
    if (classes.isEmpty())
        for (const QJsonValue &name : file.metadata.value(QStringLiteral("classes")).toArray())
            classes << (name.isString() ? name.toString() : QString());
    if (classes.isEmpty())
        throw Error(Error::Kind::InvalidArgument, path, QStringLiteral("the file names no classes"),
                    QStringLiteral("give them in output order with --classes a,b,…"));
    if (classes.size() != outputs)
        throw Error(Error::Kind::InvalidArgument, path,
                    QStringLiteral("%1 class names for a network with %2 outputs").arg(classes.size()).arg(outputs),
                    options.classes.isEmpty() ? QStringLiteral("give the names with --classes a,b,…") : QString());
    if (classes.contains(QString()) || classes.removeDuplicates() != 0)
        throw Error(Error::Kind::InvalidArgument, path, QStringLiteral("the class names are empty or repeated"));
    return classes;
}

} // namespace

ModelBundle ModelImport::fromFile(const QString &path, const Options &options)
{
    WeightsFile file = readAny(path);
    checkContract(file, options, path);
    ModelBundle bundle;
    bundle.network = architectureOf(file, path);
    bundle.classes = classesOf(file, options, bundle.network.classes, path);
    for (const QString &name : file.integerTensors)
        if (!name.endsWith(QLatin1String(".num_batches_tracked")))
            throw Error(Error::Kind::Unsupported, path, QStringLiteral("weight %1 is an integer tensor").arg(name.left(80)));
    // As bundles and runs are checked: a bundle written from these must read back.
    ModelBundle::checkWeights(path, file.tensors, QStringLiteral("the model diverged in training or the file is damaged; "
                                                                 "use an earlier checkpoint"));
    bundle.tensors = std::move(file.tensors);
    try {
        loadBundleModel(bundle, path); // every name and shape against the network, nothing more or less
    } catch (const Error &error) {
        throw Error(Error::Kind::Corrupt, path, error.cause(),
                    QStringLiteral("the weights do not fit GenreLab's CRNN with %1 hidden units").arg(bundle.network.hidden));
    }
    bundle.metadata[QStringLiteral("contract")] = ModelBundle::currentContract();
    for (const char *key : {"split", "metrics", "training"})
        if (file.metadata.value(QLatin1String(key)).isObject())
            bundle.metadata[QLatin1String(key)] = file.metadata.value(QLatin1String(key));
    bundle.metadata[QStringLiteral("imported_from")] = QFileInfo(path).fileName();
    bundle.metadata[QStringLiteral("versions")] = QJsonObject{
        {QStringLiteral("genrelab"), QStringLiteral(GENRELAB_VERSION)},
        {QStringLiteral("libtorch"), TorchRuntime::version()},
        {QStringLiteral("qt"), QString::fromLatin1(qVersion())}};
    bundle.metadata[QStringLiteral("run")] = QString(QStringLiteral("imported from ") + QFileInfo(path).fileName());
    bundle.metadata[QStringLiteral("created")] = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    return bundle;
}

} // namespace genrelab
