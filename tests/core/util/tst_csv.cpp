// The one CSV writer and reader (RFC 4180): fields quoted only where they must be,
// quotes doubled, and a reader that takes a whole document, so that a quoted field may
// hold a comma, a quote or a line break.
#include "util/Csv.h"

#include <QTest>

using namespace genrelab;

class TestCsv : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void quotesOnlyWhatNeedsIt_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("written");
        QTest::newRow("plain") << QStringLiteral("blues") << QStringLiteral("blues");
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("comma") << QStringLiteral("Rock, Pop") << QStringLiteral("\"Rock, Pop\"");
        QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \"\"hi\"\"\"");
        QTest::newRow("LF") << QStringLiteral("a\nb") << QStringLiteral("\"a\nb\"");
        QTest::newRow("CR") << QStringLiteral("a\rb") << QStringLiteral("\"a\rb\"");
        QTest::newRow("percent") << QStringLiteral("%1") << QStringLiteral("%1");
    }

    void quotesOnlyWhatNeedsIt()
    {
        QFETCH(QString, field);
        QFETCH(QString, written);
        QCOMPARE(csv::quote(field), written);
    }

    void recordsRoundTrip()
    {
        const QList<QStringList> records = {
            {QStringLiteral("plain"), QStringLiteral("a, b"), QStringLiteral("say \"hi\""), QString()},
            {QStringLiteral("two\nlines"), QStringLiteral("cr\r\nlf"), QStringLiteral("\"\""), QStringLiteral(",")},
            {QString()},
            {QStringLiteral("last")},
        };
        QString document;
        for (const QStringList &fields : records)
            document += csv::record(fields);
        QCOMPARE(csv::record({QStringLiteral("a"), QStringLiteral("b,c")}), QStringLiteral("a,\"b,c\"\n"));
        QCOMPARE(csv::parse(document), records);
    }

    void readsWhatOthersWrite()
    {
        // CRLF line ends, a missing final line break, an empty last field.
        QCOMPARE(csv::parse(u"a,b\r\n\"x\r\ny\",\r\nlast"),
                 (QList<QStringList>{{QStringLiteral("a"), QStringLiteral("b")},
                                     {QStringLiteral("x\r\ny"), QString()},
                                     {QStringLiteral("last")}}));
        QVERIFY(csv::parse(u"").isEmpty());
        QCOMPARE(csv::parse(u"only\n"), (QList<QStringList>{{QStringLiteral("only")}}));
    }
};

QTEST_GUILESS_MAIN(TestCsv)
#include "tst_csv.moc"
