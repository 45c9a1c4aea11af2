// evaluate RUN OTHER_DATASET meets classes by name, never by position: a dataset with the
// model's classes spelt and ordered differently scores exactly as the run's own, and one
// with a class the model never learnt is refused, naming it (issue 22).
#include "DatasetFixture.h"
#include "SharedData.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace genrelab::test;

class TestEvaluateClasses : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_run;

    int cli(const QStringList &arguments, QString *output = nullptr)
    {
        return SharedData::runProgram(QStringLiteral(GENRELAB_CLI), arguments, output, 300000);
    }

    QJsonObject evaluateAll(const QString &dataset)
    {
        QString out;
        if (cli({QStringLiteral("evaluate"), m_run, dataset, QStringLiteral("--split"), QStringLiteral("all"), QStringLiteral("--json"),
                 QStringLiteral("--threads"), QStringLiteral("1")}, &out) != 0)
            return {};
        return QJsonDocument::fromJson(out.trimmed().section(QLatin1Char('\n'), -1).toUtf8()).object();
    }

    // Writes the same tones as the training set (pitch by position in `labels`).
    QString dataset(const QString &name, const QStringList &labels)
    {
        const QString root = m_dir.filePath(name);
        DatasetFixture::writeLabelled(root, labels, 4, 6.5);
        return root;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString own = dataset(QStringLiteral("own"), {QStringLiteral("blues"), QStringLiteral("rock")});
        m_run = m_dir.filePath(QStringLiteral("run"));
        QString out;
        QCOMPARE(cli({QStringLiteral("train"), own, QStringLiteral("--out"), m_run, QStringLiteral("--epochs"), QStringLiteral("4"),
                      QStringLiteral("--batch"), QStringLiteral("4"), QStringLiteral("--threads"), QStringLiteral("1")}, &out),
                 0);
    }

    void classesMeetByName()
    {
        const QJsonObject own = evaluateAll(m_dir.filePath(QStringLiteral("own")));
        QVERIFY(!own.isEmpty());
        // The model must tell the two apart, or a swapped mapping would score the same.
        QVERIFY2(own.value(QStringLiteral("snippet_accuracy")).toDouble() > 0.7, qPrintable(QJsonDocument(own).toJson()));
        // "Rock" sorts before "blues": by position the classes would be swapped.
        const QString other = dataset(QStringLiteral("other"), {QStringLiteral("blues"), QStringLiteral("Rock")});
        const QJsonObject mapped = evaluateAll(other);
        QVERIFY(!mapped.isEmpty());
        QCOMPARE(mapped.value(QStringLiteral("classes")).toArray(), own.value(QStringLiteral("classes")).toArray());
        QCOMPARE(mapped.value(QStringLiteral("snippet_accuracy")).toDouble(), own.value(QStringLiteral("snippet_accuracy")).toDouble());
        QCOMPARE(mapped.value(QStringLiteral("confusion")).toArray(), own.value(QStringLiteral("confusion")).toArray());
        QString out;
        QCOMPARE(cli({QStringLiteral("evaluate"), m_run, other, QStringLiteral("--split"), QStringLiteral("all")}, &out), 0);
        QVERIFY2(out.contains(QStringLiteral("classes matched by name (Rock → rock)")), qPrintable(out));
    }

    void unknownClassesAreRefusedByName()
    {
        const QString other = dataset(QStringLiteral("jazz"), {QStringLiteral("blues"), QStringLiteral("jazz")});
        QString out;
        const int status = cli({QStringLiteral("evaluate"), m_run, other, QStringLiteral("--split"), QStringLiteral("all")}, &out);
        QVERIFY2(status == 2, qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("does not know the dataset's class jazz")), qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TestEvaluateClasses)
#include "tst_evaluateclasses.moc"
