// The .genrelab format on its own: a bundle round-trips exactly, and every kind of bad
// file — not a bundle, empty, truncated at any offset, one flipped byte, another
// format version, another preprocessing contract, classes that do not match the
// network, weights the description does not account for — is refused with its own
// clear message and never crashes or allocates what a header claims.
#include "dsp/FeatureContract.h"
#include "ml/ModelBundle.h"
#include "util/Error.h"
#include "util/JsonProblem.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace genrelab;

namespace {

ModelBundle sample()
{
    ModelBundle bundle;
    bundle.classes = {QStringLiteral("blues"), QStringLiteral("jazz"), QStringLiteral("rock")};
    bundle.network.classes = 3;
    bundle.tensors.push_back({QStringLiteral("out.weight"), {3, 4}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -0.5f}});
    bundle.tensors.push_back({QStringLiteral("out.bias"), {3}, {0.25f, -1e-8f, 3e5f}});
    bundle.metadata[QStringLiteral("split")] = QJsonObject{{QStringLiteral("kind"), QStringLiteral("filtered")}};
    return bundle;
}

QByteArray bytesOf(const QString &path)
{
    QFile in(path);
    return in.open(QIODevice::ReadOnly) ? in.readAll() : QByteArray();
}

void writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    out.write(bytes);
}

// The error read() throws for this file, or Kind::Cancelled when it throws none.
Error::Kind refusal(const QString &path, QString *message = nullptr)
{
    try {
        ModelBundle::read(path);
    } catch (const Error &error) {
        if (message)
            *message = error.message();
        return error.kind();
    }
    return Error::Kind::Cancelled;
}

} // namespace

class TestModelBundle : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private Q_SLOTS:
    void roundTripsExactly()
    {
        const ModelBundle written = sample();
        written.write(path("a.genrelab"));
        const ModelBundle read = ModelBundle::read(path("a.genrelab"));
        QCOMPARE(read.classes, written.classes);
        QCOMPARE(read.network.classes, 3);
        QCOMPARE(read.tensors.size(), std::size_t(2));
        QCOMPARE(read.find(QStringLiteral("out.weight"))->shape, (std::vector<std::int64_t>{3, 4}));
        QCOMPARE(read.find(QStringLiteral("out.bias"))->values, written.tensors[1].values); // bit for bit
        QCOMPARE(read.metadata.value(QStringLiteral("split")).toObject().value(QStringLiteral("kind")).toString(),
                 QStringLiteral("filtered"));
        QCOMPARE(read.metadata.value(QStringLiteral("contract")).toObject(), ModelBundle::currentContract());
        QVERIFY(!read.find(QStringLiteral("gru.weight_ih_l0")));
    }

    void notABundleEmptyOrAFolder()
    {
        writeBytes(path("song.genrelab"), QByteArray("RIFF\x24\x00\x00\x00WAVEfmt ", 16));
        QString message;
        QCOMPARE(refusal(path("song.genrelab"), &message), Error::Kind::InvalidArgument);
        QVERIFY2(message.contains(QStringLiteral("not a GenreLab model bundle")), qPrintable(message));
        writeBytes(path("empty.genrelab"), {});
        QCOMPARE(refusal(path("empty.genrelab")), Error::Kind::EmptyFile);
        QCOMPARE(refusal(m_dir.path()), Error::Kind::Unreadable);
        QCOMPARE(refusal(path("absent.genrelab")), Error::Kind::FileMissing);
    }

    void truncatedAnywhereIsCorrupt()
    {
        sample().write(path("whole.genrelab"));
        const QByteArray whole = bytesOf(path("whole.genrelab"));
        int refused = 0;
        for (qsizetype length = 9; length < whole.size(); length += std::max<qsizetype>(1, whole.size() / 97)) {
            writeBytes(path("cut.genrelab"), whole.left(length));
            QString message;
            QCOMPARE(refusal(path("cut.genrelab"), &message), Error::Kind::Corrupt);
            ++refused;
        }
        qInfo("%d truncations refused", refused);
    }

    void anyFlippedByteIsNoticed()
    {
        sample().write(path("whole.genrelab"));
        const QByteArray whole = bytesOf(path("whole.genrelab"));
        for (qsizetype at = 16; at < whole.size(); at += 37) {
            QByteArray damaged = whole;
            damaged[at] = char(damaged[at] ^ 0x10);
            writeBytes(path("flipped.genrelab"), damaged);
            const Error::Kind kind = refusal(path("flipped.genrelab"));
            QVERIFY2(kind == Error::Kind::Corrupt, qPrintable(QString::number(at)));
        }
    }

    void anotherFormatVersionSaysSo()
    {
        sample().write(path("v.genrelab"));
        QByteArray bytes = bytesOf(path("v.genrelab"));
        bytes[8] = 2; // the format field follows the 8-byte magic
        writeBytes(path("v2.genrelab"), bytes);
        QString message;
        QCOMPARE(refusal(path("v2.genrelab"), &message), Error::Kind::Unsupported);
        QVERIFY2(message.contains(QStringLiteral("bundle format 2")), qPrintable(message));
    }

    void anotherContractIsRefused()
    {
        ModelBundle bundle = sample();
        QJsonObject contract = ModelBundle::currentContract();
        contract[QStringLiteral("version")] = FeatureContract::version + 1;
        contract[QStringLiteral("n_mels")] = 128;
        bundle.metadata[QStringLiteral("contract")] = contract;
        bundle.write(path("contract.genrelab"));
        QString message;
        QCOMPARE(refusal(path("contract.genrelab"), &message), Error::Kind::Unsupported);
        QVERIFY2(message.contains(QStringLiteral("preprocessing contract 2")), qPrintable(message));

        // Same version, one parameter changed: the message names it, not "contract 1 … contract 1".
        contract = ModelBundle::currentContract();
        contract[QStringLiteral("n_mels")] = 128;
        bundle.metadata[QStringLiteral("contract")] = contract;
        bundle.write(path("parameter.genrelab"));
        QCOMPARE(refusal(path("parameter.genrelab"), &message), Error::Kind::Unsupported);
        QVERIFY2(message.contains(QStringLiteral("n_mels = 128 where this GenreLab's has n_mels = 100")), qPrintable(message));
    }

    // Valid JSON of the wrong shape is named as such, never "(no error occurred)".
    void descriptionThatIsNotAnObjectIsNamed()
    {
        const QString words = jsonObjectProblem(QJsonParseError{});
        QVERIFY(!words.contains(QStringLiteral("no error")));
        QJsonParseError error{};
        QJsonDocument::fromJson("[1, 2]", &error);
        QCOMPARE(jsonObjectProblem(error), QStringLiteral("it is JSON, but not an object of named fields"));
        QJsonDocument::fromJson("{\"a\": ", &error);
        QVERIFY2(jsonObjectProblem(error).startsWith(QStringLiteral("it is not valid JSON (")), qPrintable(jsonObjectProblem(error)));
    }

    void classesMustMatchTheNetwork()
    {
        ModelBundle bundle = sample();
        bundle.classes << QStringLiteral("pop"); // 4 names, 3 outputs
        bundle.write(path("classes.genrelab"));
        QString message;
        QCOMPARE(refusal(path("classes.genrelab"), &message), Error::Kind::Corrupt);
        QVERIFY2(message.contains(QStringLiteral("3 outputs but the bundle names 4 classes")), qPrintable(message));
    }

    void weightsMustBeWhatTheDescriptionSays()
    {
        ModelBundle bundle = sample();
        bundle.tensors[0].values.pop_back(); // shape says 12, 11 stored
        bundle.write(path("short.genrelab"));
        QString message;
        QCOMPARE(refusal(path("short.genrelab"), &message), Error::Kind::Corrupt);
        QVERIFY2(message.contains(QStringLiteral("not the weights stored")), qPrintable(message));
    }

    void writeFailureIsClearAndKeepsTheOldFile()
    {
        sample().write(path("keep.genrelab"));
        const QByteArray before = bytesOf(path("keep.genrelab"));
        QVERIFY_THROWS_EXCEPTION(Error, sample().write(QStringLiteral("/proc/no/such.genrelab")));
        QCOMPARE(bytesOf(path("keep.genrelab")), before);
    }
};

QTEST_GUILESS_MAIN(TestModelBundle)
#include "tst_modelbundle.moc"
