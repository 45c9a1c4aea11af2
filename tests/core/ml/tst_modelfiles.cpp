// The model files GenreLab exchanges with Python, on their own: a .pt (PtFile) and a
// .safetensors (SafetensorsFile) of a bundle read back to the same numbers, import
// (ModelImport) rebuilds the bundle exactly, and every bad file — not a model, empty,
// cut at any offset, one flipped byte, code in the pickle, another contract, missing,
// extra or misshapen weights, no class names — is refused with one line and never crashes.
#include "ml/BundleConverter.h"
#include "ml/ModelBundle.h"
#include "ml/ModelImport.h"
#include "ml/PtFile.h"
#include "ml/RestrictedUnpickler.h"
#include "ml/SafetensorsFile.h"
#include "ml/TrainingConfig.h"
#include "util/Error.h"
#include "util/ZipStore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace genrelab;

namespace {

const QStringList kClasses = {QStringLiteral("blues"), QStringLiteral("jazz"), QStringLiteral("rock")};

void writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    out.write(bytes);
}

// The refusal import gives for these bytes: "" when it accepts them.
QString importRefusal(const QString &path, const QByteArray &bytes, ModelImport::Options options = {})
{
    writeBytes(path, bytes);
    try {
        ModelImport::fromFile(path, options);
    } catch (const Error &error) {
        return error.message();
    }
    return {};
}

void compareTensors(const std::vector<ModelBundle::Tensor> &got, const ModelBundle &want)
{
    QCOMPARE(got.size(), want.tensors.size());
    for (const ModelBundle::Tensor &tensor : got) {
        const ModelBundle::Tensor *expected = want.find(tensor.name);
        QVERIFY2(expected, qPrintable(tensor.name));
        QCOMPARE(tensor.shape, expected->shape);
        QCOMPARE(tensor.values, expected->values); // bit for bit
    }
}

// A hand-made torch.save archive around `pickle` (protocol 2).
QByteArray ptAround(const QByteArray &pickle, std::vector<ZipStore::Entry> more = {})
{
    more.insert(more.begin(), {QStringLiteral("m/data.pkl"), pickle});
    more.push_back({QStringLiteral("m/version"), QByteArrayLiteral("3\n")});
    return ZipStore::write(more);
}

} // namespace

class TestModelFiles : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    ModelBundle m_bundle = BundleConverter::untrained(kClasses, 7);

    QString path(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void ptRoundTripsAndImportsExactly()
    {
        const QByteArray bytes = PtFile::encode(m_bundle);
        const WeightsFile file = PtFile::decode(bytes, QStringLiteral("m.pt"));
        compareTensors(file.tensors, m_bundle);
        // BatchNorm counters ride along so that a strict load_state_dict succeeds.
        QCOMPARE(file.integerTensors, (QStringList{QStringLiteral("b1.3.num_batches_tracked"), QStringLiteral("b2.3.num_batches_tracked")}));
        QCOMPARE(file.metadata.value(QStringLiteral("format")).toInt(), PtFile::formatVersion);
        QCOMPARE(file.metadata.value(QStringLiteral("classes")).toArray(), QJsonArray::fromStringList(kClasses));
        QCOMPARE(file.metadata.value(QStringLiteral("architecture")).toObject().value(QStringLiteral("hidden")).toInt(), 64);
        const QJsonObject contract = file.metadata.value(QStringLiteral("contract")).toObject();
        for (const char *key : {"f_min", "f_max", "top_db", "scale", "mel_scale", "n_fft", "hop", "n_mels", "sample_rate"})
            QVERIFY2(contract.contains(QLatin1String(key)), key);
        QCOMPARE(contract.value(QStringLiteral("f_max")).toDouble(), 11025.0);

        writeBytes(path(QStringLiteral("m.pt")), bytes);
        const ModelBundle imported = ModelImport::fromFile(path(QStringLiteral("m.pt")), {});
        QCOMPARE(imported.classes, kClasses);
        QCOMPARE(imported.network.hidden, 64);
        compareTensors(imported.tensors, m_bundle);
        // Every entry's data starts 64-aligned, as torch.save writes it.
        QCOMPARE(bytes.indexOf("PK\x03\x04"), 0);
    }

    void safetensorsRoundTripsAndFollowsTheSpecification()
    {
        ModelBundle bundle = m_bundle;
        bundle.metadata[QStringLiteral("metrics")] = QJsonObject{{QStringLiteral("best_valid_accuracy"), 0.75}};
        const QByteArray bytes = SafetensorsFile::encode(bundle);
        const quint64 headerBytes = qFromLittleEndian<quint64>(bytes.constData());
        QCOMPARE(headerBytes % 8, quint64(0));
        const QJsonObject header = QJsonDocument::fromJson(bytes.mid(8, qsizetype(headerBytes))).object();
        QCOMPARE(header.value(QStringLiteral("out.weight")).toObject().value(QStringLiteral("dtype")).toString(), QStringLiteral("F32"));
        const QJsonObject metadata = header.value(QStringLiteral("__metadata__")).toObject();
        for (const char *key : {"format", "classes", "contract", "architecture", "metrics"})
            QVERIFY2(metadata.value(QLatin1String(key)).isString(), key);

        const WeightsFile file = SafetensorsFile::decode(bytes, QStringLiteral("m.safetensors"));
        compareTensors(file.tensors, bundle);
        QCOMPARE(file.metadata.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("best_valid_accuracy")).toDouble(), 0.75);
        writeBytes(path(QStringLiteral("m.safetensors")), bytes);
        const ModelBundle imported = ModelImport::fromFile(path(QStringLiteral("m.safetensors")), {});
        compareTensors(imported.tensors, bundle);
        QCOMPARE(imported.metadata.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("best_valid_accuracy")).toDouble(), 0.75);
    }

    void everyCutAndFlipIsRefusedInOneLine()
    {
        const QByteArray pt = PtFile::encode(m_bundle), st = SafetensorsFile::encode(m_bundle);
        for (const QByteArray &whole : {pt, st}) {
            for (qsizetype cut : {qsizetype(1), qsizetype(5), qsizetype(9), qsizetype(40), whole.size() / 3, whole.size() / 2,
                                  whole.size() - 200, whole.size() - 22, whole.size() - 1}) {
                const QString why = importRefusal(path(QStringLiteral("cut")), whole.left(cut));
                QVERIFY2(!why.isEmpty() && !why.contains(u'\n'), qPrintable(QStringLiteral("cut at %1: %2").arg(cut).arg(why)));
            }
        }
        // A flipped byte in a .pt's data fails its CRC; in a header, its structure.
        QByteArray flipped = pt;
        flipped[pt.size() / 2] = char(flipped[pt.size() / 2] ^ 0x40);
        QVERIFY(importRefusal(path(QStringLiteral("flip.pt")), flipped).contains(QStringLiteral("damaged")));
        QVERIFY(importRefusal(path(QStringLiteral("empty")), {}).contains(QStringLiteral("empty")));
        QVERIFY(importRefusal(path(QStringLiteral("text.pt")), "just some text, long enough to look like something")
                    .contains(QStringLiteral("neither a PyTorch (.pt) nor a safetensors file")));
        QVERIFY(importRefusal(path(QStringLiteral("bundle")), [&] {
                    m_bundle.write(path(QStringLiteral("b.genrelab")));
                    QFile in(path(QStringLiteral("b.genrelab")));
                    return in.open(QIODevice::ReadOnly) ? in.readAll() : QByteArray();
                }()).contains(QStringLiteral("neither")));
    }

    // A small mutation fuzz, every run: each byte of a small .pt and .safetensors
    // replaced in turn by three values; the readers answer with a result or an Error.
    void everyByteMutatedReadsOrIsRefused()
    {
        ModelBundle small;
        small.classes = kClasses;
        small.network.classes = 3;
        small.tensors.push_back({QStringLiteral("out.weight"), {3, 2}, {1, 2, 3, 4, 5, 6}});
        small.tensors.push_back({QStringLiteral("b1.3.running_var"), {2}, {0.5f, 2.0f}});
        int refused = 0, read = 0;
        for (const bool pt : {true, false}) {
            const QByteArray whole = pt ? PtFile::encode(small) : SafetensorsFile::encode(small);
            for (qsizetype i = 0; i < whole.size(); ++i) {
                for (const char value : {char(0x00), char(0xFF), char(whole[i] ^ 0x01)}) {
                    QByteArray bytes = whole;
                    bytes[i] = value;
                    try {
                        const WeightsFile file = pt ? PtFile::decode(bytes, QStringLiteral("m.pt")) : SafetensorsFile::decode(bytes, QStringLiteral("m.st"));
                        read += file.tensors.empty() ? 0 : 1;
                    } catch (const Error &) {
                        ++refused;
                    }
                }
            }
        }
        // The pickle on its own: inside the archive a mutation mostly stops at the CRC.
        const QByteArray pickle = ZipStore::read(PtFile::encode(small), QStringLiteral("m.pt")).front().data;
        for (qsizetype i = 0; i < pickle.size(); ++i) {
            for (const char value : {char(0x00), char(0xFF), char(pickle[i] ^ 0x01), '(', 'R', 'h'}) {
                QByteArray bytes = pickle;
                bytes[i] = value;
                try {
                    RestrictedUnpickler(QStringLiteral("data.pkl")).load(bytes);
                    ++read;
                } catch (const Error &) {
                    ++refused;
                }
            }
        }
        qInfo("mutations: %d read, %d refused", read, refused);
        QVERIFY(refused > 0 && read > 0);
    }

    void picklesThatRunCodeAreRefused()
    {
        // The classic: os.system("...") through GLOBAL + REDUCE.
        const QByteArray evil = QByteArrayLiteral("\x80\x02" "cos\nsystem\n" "X\x05\x00\x00\x00touch" "\x85R.");
        const QString why = importRefusal(path(QStringLiteral("evil.pt")), ptAround(evil));
        QVERIFY2(why.contains(QStringLiteral("os.system")), qPrintable(why));
        // builtins.eval through STACK_GLOBAL (protocol 4).
        const QByteArray evil4 = QByteArrayLiteral("\x80\x04\x8c\x08" "builtins" "\x8c\x04" "eval" "\x93" "X\x01\x00\x00\x00" "1" "\x85R.");
        QVERIFY(importRefusal(path(QStringLiteral("evil4.pt")), ptAround(evil4)).contains(QStringLiteral("builtins.eval")));
        // A list nested deeper than any model's description, and one that contains itself.
        QByteArray deep("\x80\x02", 2);
        for (int i = 0; i < 5000; ++i)
            deep.append(']');
        for (int i = 0; i < 4999; ++i)
            deep.append('a');
        deep.append('.');
        QVERIFY(importRefusal(path(QStringLiteral("deep.pt")), ptAround(deep)).contains(QStringLiteral("deeper")));
        const QByteArray cycle = QByteArrayLiteral("\x80\x02]q\x00h\x00" "a.");
        QVERIFY(!importRefusal(path(QStringLiteral("cycle.pt")), ptAround(cycle)).isEmpty());
        // A tensor that claims more of its storage than the archive holds.
        const QByteArray greedy = QByteArrayLiteral("\x80\x02}(X\x01\x00\x00\x00w" "ctorch._utils\n_rebuild_tensor_v2\n("
                                                    "(X\x07\x00\x00\x00storage" "ctorch\nFloatStorage\n" "X\x01\x00\x00\x00" "0"
                                                    "X\x03\x00\x00\x00" "cpu" "K\x02tQK\x00M\x10\x27\x85K\x01\x85\x89}tRu.");
        const QString greedyWhy = importRefusal(path(QStringLiteral("greedy.pt")),
                                                ptAround(greedy, {{QStringLiteral("m/data/0"), QByteArray(8, '\0')}}));
        QVERIFY2(greedyWhy.contains(QStringLiteral("reaches outside its storage")), qPrintable(greedyWhy));
    }

    void contractsArchitecturesAndClassesAreChecked()
    {
        ModelBundle other = m_bundle;
        QJsonObject contract = ModelBundle::currentContract();
        contract[QStringLiteral("n_mels")] = 128;
        other.metadata[QStringLiteral("contract")] = contract;
        QString why = importRefusal(path(QStringLiteral("c.pt")), PtFile::encode(other));
        QVERIFY2(why.contains(QStringLiteral("n_mels differs")), qPrintable(why));
        contract = ModelBundle::currentContract();
        contract[QStringLiteral("version")] = 2;
        other.metadata[QStringLiteral("contract")] = contract;
        QVERIFY(importRefusal(path(QStringLiteral("c.safetensors")), SafetensorsFile::encode(other)).contains(QStringLiteral("contract 2")));

        ModelBundle missing = m_bundle;
        missing.tensors.erase(missing.tensors.begin() + 2);
        why = importRefusal(path(QStringLiteral("missing.pt")), PtFile::encode(missing));
        QVERIFY2(why.contains(QStringLiteral("missing")), qPrintable(why));
        ModelBundle extra = m_bundle;
        extra.tensors.push_back({QStringLiteral("head.weight"), {2}, {1, 2}});
        QVERIFY(importRefusal(path(QStringLiteral("extra.pt")), PtFile::encode(extra)).contains(QStringLiteral("does not have")));
        ModelBundle misshapen = m_bundle;
        for (ModelBundle::Tensor &tensor : misshapen.tensors)
            if (tensor.name == QLatin1String("fc.weight"))
                tensor.shape = {32, 128};
        why = importRefusal(path(QStringLiteral("shape.safetensors")), SafetensorsFile::encode(misshapen));
        QVERIFY2(why.contains(QStringLiteral("fc.weight")) && why.contains(QStringLiteral("shape")), qPrintable(why));
        ModelBundle nan = m_bundle;
        nan.tensors.front().values[3] = std::numeric_limits<float>::quiet_NaN();
        why = importRefusal(path(QStringLiteral("nan.pt")), PtFile::encode(nan));
        QVERIFY2(why.contains(QStringLiteral("not a number")), qPrintable(why));
        ModelBundle huge = m_bundle; // would make a bundle that no reader accepts
        huge.tensors.back().values[0] = 3e30f;
        why = importRefusal(path(QStringLiteral("huge.safetensors")), SafetensorsFile::encode(huge));
        QVERIFY2(why.contains(QStringLiteral("absurd value")), qPrintable(why));

        // --classes must fit the output layer; it replaces the file's names.
        QVERIFY(importRefusal(path(QStringLiteral("two.pt")), PtFile::encode(m_bundle), {{QStringLiteral("a"), QStringLiteral("b")}, false})
                    .contains(QStringLiteral("2 class names for a network with 3 outputs")));
        writeBytes(path(QStringLiteral("renamed.pt")), PtFile::encode(m_bundle));
        const QStringList renamed = {QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("z")};
        QCOMPARE(ModelImport::fromFile(path(QStringLiteral("renamed.pt")), {renamed, false}).classes, renamed);
    }

    // config.json's seed is a number now; runs that stored it as a string still open.
    void theSeedIsANumberAndOldRunsStillOpen()
    {
        TrainingConfig config;
        config.seed = 9007199254740993ull; // 2^53 + 1: exact only as a whole number, not as a double
        const QJsonObject json = config.toJson();
        QVERIFY(json.value(QStringLiteral("seed")).isDouble());
        const QByteArray text = QJsonDocument(json).toJson();
        QVERIFY2(text.contains("\"seed\": 9007199254740993"), text.constData());
        QCOMPARE(TrainingConfig::fromJson(QJsonDocument::fromJson(text).object()).seed, config.seed);
        QJsonObject old = json;
        old[QStringLiteral("seed")] = QStringLiteral("42");
        QCOMPARE(TrainingConfig::fromJson(old).seed, std::uint64_t(42));
    }

    // A bare state_dict (what torch.save(model.state_dict()) writes) has neither classes
    // nor a contract: both must be given, the contract explicitly.
    void aBareStateDictNeedsClassesAndAContract()
    {
        ModelBundle bare = m_bundle;
        bare.classes.clear();
        const WeightsFile file = PtFile::decode(PtFile::encode(m_bundle), QStringLiteral("x"));
        // Re-encode as a safetensors file without metadata: strip it from the header.
        QByteArray st = SafetensorsFile::encode(m_bundle);
        const quint64 headerBytes = qFromLittleEndian<quint64>(st.constData());
        QJsonObject header = QJsonDocument::fromJson(st.mid(8, qsizetype(headerBytes))).object();
        header.remove(QStringLiteral("__metadata__"));
        QByteArray json = QJsonDocument(header).toJson(QJsonDocument::Compact);
        json.append(QByteArray((8 - json.size() % 8) % 8, ' '));
        QByteArray length(8, '\0');
        qToLittleEndian<quint64>(quint64(json.size()), length.data());
        const QByteArray stripped = length + json + st.mid(8 + qsizetype(headerBytes));
        QString why = importRefusal(path(QStringLiteral("bare.safetensors")), stripped);
        QVERIFY2(why.contains(QStringLiteral("does not say which preprocessing")), qPrintable(why));
        why = importRefusal(path(QStringLiteral("bare.safetensors")), stripped, {{}, true});
        QVERIFY2(why.contains(QStringLiteral("names no classes")), qPrintable(why));
        const ModelBundle imported = ModelImport::fromFile(path(QStringLiteral("bare.safetensors")), {kClasses, true});
        compareTensors(imported.tensors, m_bundle);
        Q_UNUSED(file);
    }
};

QTEST_GUILESS_MAIN(TestModelFiles)
#include "tst_modelfiles.moc"
