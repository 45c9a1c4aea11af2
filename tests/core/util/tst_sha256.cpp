// Sha256 against FIPS 180-4's examples and against QCryptographicHash on every length
// around the block and padding edges, fed whole and in odd pieces, with the SHA
// instructions (where the CPU has them) and with the portable rounds.
#include "util/Sha256.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTest>

using namespace genrelab;

namespace {
QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QRandomGenerator random(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &byte : bytes)
        byte = char(random.bounded(256));
    return bytes;
}

QByteArray qtSha256(QByteArrayView bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
}
} // namespace

class TstSha256 : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rounds_data()
    {
        QTest::addColumn<Sha256::Rounds>("rounds");
        QTest::newRow("fastest") << Sha256::Rounds::Fastest;
        QTest::newRow("portable") << Sha256::Rounds::Portable;
    }

    void standardExamples_data() { rounds_data(); }
    void standardExamples()
    {
        QFETCH(Sha256::Rounds, rounds);
        const auto hex = [&](QByteArrayView bytes) {
            Sha256 sha(rounds);
            sha.addData(bytes);
            return sha.result().toHex();
        };
        QCOMPARE(hex(""), QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(hex("abc"), QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                 QByteArray("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
        QCOMPARE(hex(QByteArray(1000000, 'a')), QByteArray("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
    }

    // Every length from 0 to 300 (the 55/56/64-byte padding edges, several blocks).
    void everyShortLengthEqualsQt_data() { rounds_data(); }
    void everyShortLengthEqualsQt()
    {
        QFETCH(Sha256::Rounds, rounds);
        const QByteArray bytes = randomBytes(300, 1);
        for (qsizetype size = 0; size <= bytes.size(); ++size) {
            Sha256 sha(rounds);
            sha.addData(QByteArrayView(bytes).first(size));
            QVERIFY2(sha.result() == qtSha256(QByteArrayView(bytes).first(size)), qPrintable(QString::number(size)));
        }
    }

    // A model-sized input in pieces of odd sizes, and result() in between: the object goes on.
    void piecesAndIntermediateResults_data() { rounds_data(); }
    void piecesAndIntermediateResults()
    {
        QFETCH(Sha256::Rounds, rounds);
        const QByteArray bytes = randomBytes(1 << 20, 2);
        Sha256 sha(rounds);
        QRandomGenerator random(3);
        qsizetype at = 0;
        while (at < bytes.size()) {
            const qsizetype piece = std::min<qsizetype>(bytes.size() - at, random.bounded(1, 300));
            sha.addData(QByteArrayView(bytes).sliced(at, piece));
            at += piece;
            if (random.bounded(50) == 0)
                QCOMPARE(sha.result(), qtSha256(QByteArrayView(bytes).first(at)));
        }
        QCOMPARE(sha.result(), qtSha256(bytes));
        QCOMPARE(Sha256::hash(bytes), qtSha256(bytes));
    }

    void aDeviceToItsEnd()
    {
        QByteArray bytes = randomBytes(200000, 4);
        QBuffer buffer(&bytes);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        Sha256 sha;
        QVERIFY(sha.addData(&buffer));
        QCOMPARE(sha.result(), qtSha256(bytes));
        QBuffer closed;
        QVERIFY(!Sha256().addData(&closed)); // a read error is reported
    }
};

QTEST_GUILESS_MAIN(TstSha256)
#include "tst_sha256.moc"
