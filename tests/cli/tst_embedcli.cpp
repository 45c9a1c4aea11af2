// genrelab-cli embed as a user runs it: one CSV row per validation and test snippet of
// the run's own split (or every snippet with --all), with the model's predictions and
// finite coordinates; a dataset with other classes is refused and nothing is written.
#include "DatasetFixture.h"
#include "SharedData.h"
#include "ml/BundleConverter.h"
#include "ml/ModelBundle.h"
#include "util/Csv.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace genrelab;
using namespace genrelab::test;

class TestEmbedCli : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_dataset, m_model;
    const QStringList m_labels{QStringLiteral("drone"), QStringLiteral("hum, low"), QStringLiteral("tone")};

    int cli(const QStringList &arguments, QString *output = nullptr)
    {
        return SharedData::runProgram(QStringLiteral(GENRELAB_CLI), arguments, output);
    }

    QList<QStringList> rows(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return csv::parse(QString::fromUtf8(file.readAll()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_dataset = m_dir.filePath(QStringLiteral("data"));
        DatasetFixture::writeLabelled(m_dataset, m_labels, 4, 6.2); // 12 tracks of 2 snippets
        m_model = m_dir.filePath(QStringLiteral("model.genrelab"));
        BundleConverter::untrained(m_labels).write(m_model);
    }

    void writesOnePointPerSnippet_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<int>("snippets");
        QTest::addColumn<QStringList>("parts");
        QTest::newRow("PCA, validation and test") << QStringList{} << -1 << QStringList{QStringLiteral("valid"), QStringLiteral("test")};
        QTest::newRow("t-SNE, everything") << QStringList{QStringLiteral("--tsne"), QStringLiteral("--all")} << 24
                                           << QStringList{QStringLiteral("test")};
    }

    void writesOnePointPerSnippet()
    {
        QFETCH(QStringList, options);
        QFETCH(int, snippets);
        QFETCH(QStringList, parts);
        const QString out = m_dir.filePath(QStringLiteral("points.csv"));
        QString output;
        QCOMPARE(cli(QStringList{QStringLiteral("embed"), m_model, m_dataset, QStringLiteral("--out"), out,
                                 QStringLiteral("--threads"), QStringLiteral("2")} + options, &output), 0);
        const QList<QStringList> table = rows(out);
        QCOMPARE(table.value(0), (QStringList{QStringLiteral("track"), QStringLiteral("snippet"), QStringLiteral("split"),
                                              QStringLiteral("true"), QStringLiteral("predicted"), QStringLiteral("x"), QStringLiteral("y")}));
        if (snippets > 0)
            QCOMPARE(table.size() - 1, snippets);
        else
            QVERIFY(table.size() - 1 >= 4 && table.size() - 1 < 24); // the training part is left out
        QVERIFY2(output.contains(QString::number(table.size() - 1) + QStringLiteral(" snippets")), qPrintable(output));
        QSet<QString> seen;
        for (qsizetype r = 1; r < table.size(); ++r) {
            const QStringList &row = table[r];
            QCOMPARE(row.size(), 7);
            QVERIFY(parts.contains(row[2]));
            QVERIFY(m_labels.contains(row[3]) && m_labels.contains(row[4])); // "hum, low" read back whole
            QVERIFY(row[0].startsWith(row[3] + u'/'));
            bool ok = false;
            QVERIFY(std::isfinite(row[5].toDouble(&ok)) && ok);
            QVERIFY(std::isfinite(row[6].toDouble(&ok)) && ok);
            seen.insert(row[0] + u'#' + row[1]);
        }
        QCOMPARE(seen.size(), table.size() - 1); // each snippet once
    }

    void otherClassesAreRefused()
    {
        const QString other = m_dir.filePath(QStringLiteral("other"));
        DatasetFixture::writeLabelled(other, {QStringLiteral("buzz"), QStringLiteral("hum, low"), QStringLiteral("tone")}, 2, 3.2);
        const QString out = m_dir.filePath(QStringLiteral("refused.csv"));
        QString output;
        QCOMPARE(cli({QStringLiteral("embed"), m_model, other, QStringLiteral("--out"), out}, &output), 1);
        QVERIFY2(output.contains(QStringLiteral("buzz")) && output.contains(m_model), qPrintable(output));
        QVERIFY(!QFile::exists(out));
        QCOMPARE(cli({QStringLiteral("embed"), m_model, QStringLiteral("--out"), out}, &output), 2); // a bundle needs DATASET
    }
};

QTEST_MAIN(TestEmbedCli)
#include "tst_embedcli.moc"
