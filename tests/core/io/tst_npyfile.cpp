#include "SharedData.h"
#include "io/NpyFile.h"
#include "util/Error.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <numeric>

using namespace genrelab;
using namespace genrelab::test;

class TestNpyFile : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void roundTrip()
    {
        std::vector<float> values(130 * 100);
        std::iota(values.begin(), values.end(), -5.0f);
        const std::array<std::size_t, 2> shape = {130, 100};
        const QString file = m_dir.filePath(QStringLiteral("a.npy"));
        NpyFile::writeFloat32(file, shape, values);
        const auto back = NpyFile::readFloat32(file);
        QCOMPARE(back.shape, (std::vector<std::size_t>{130, 100}));
        QCOMPARE(back.values, values);
        QFile raw(file);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        QCOMPARE((raw.size() - qint64(values.size() * 4)) % 64, 0); // header padded to 64 bytes
    }

    void oneDimensionalShapeHasTupleComma()
    {
        const std::vector<float> values = {1.f, 2.f, 3.f};
        const std::array<std::size_t, 1> shape = {3};
        const QString file = m_dir.filePath(QStringLiteral("b.npy"));
        NpyFile::writeFloat32(file, shape, values);
        QFile raw(file);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        QVERIFY(raw.readAll().contains("'shape': (3,)"));
    }

    void numpyReadsIt()
    {
        const QString python = SharedData::referencePython();
        if (python.isEmpty())
            QSKIP("/usr/bin/python3 with numpy is not available");
        std::vector<float> values(12);
        std::iota(values.begin(), values.end(), 0.5f);
        const std::array<std::size_t, 2> shape = {3, 4};
        const QString file = m_dir.filePath(QStringLiteral("c.npy"));
        NpyFile::writeFloat32(file, shape, values);
        QString output;
        const int rc = SharedData::runProgram(
            python, {QStringLiteral("-c"),
                     QStringLiteral("import numpy as np; a = np.load('%1'); print(a.dtype, a.shape, a[2, 3])").arg(file)},
            &output);
        QCOMPARE(rc, 0);
        QCOMPARE(output.trimmed(), QStringLiteral("float32 (3, 4) 11.5"));
    }

    void refusesMismatchAndGarbage()
    {
        const std::array<std::size_t, 2> shape = {2, 2};
        const std::vector<float> three = {1.f, 2.f, 3.f};
        QVERIFY_THROWS_EXCEPTION(Error, NpyFile::writeFloat32(m_dir.filePath(QStringLiteral("d.npy")), shape, three));
        QFile junk(m_dir.filePath(QStringLiteral("junk.npy")));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not numpy at all");
        junk.close();
        QVERIFY_THROWS_EXCEPTION(Error, NpyFile::readFloat32(junk.fileName()));
    }

    void unwritableTargetIsATypedError()
    {
        const std::array<std::size_t, 1> shape = {1};
        const std::vector<float> one = {1.f};
        try {
            NpyFile::writeFloat32(QStringLiteral("/nonexistent-folder/x.npy"), shape, one);
            QFAIL("wrote into a folder that does not exist");
        } catch (const Error &error) {
            QCOMPARE(error.kind(), Error::Kind::WriteFailed);
        }
    }
};

QTEST_GUILESS_MAIN(TestNpyFile)
#include "tst_npyfile.moc"
