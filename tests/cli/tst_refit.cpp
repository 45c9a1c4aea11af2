// train --refit: after the run chose its epoch on validation, a fresh model trains on
// train + validation for that many epochs and becomes best.pt; the run's test figures are
// those measured before (identical to the same run without --refit), config.json and the
// report say so, and the refit model is what predict uses (issue 22).
#include "DatasetFixture.h"
#include "SharedData.h"
#include "util/Csv.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace genrelab;
using namespace genrelab::test;

namespace {

QByteArray bytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The epoch of the first best validation accuracy in metrics.csv (epoch, split, loss, accuracy, …).
int chosenEpoch(const QString &runDir)
{
    int best = 0;
    double bestAccuracy = -1;
    for (const QStringList &row : csv::parse(QString::fromUtf8(bytes(QDir(runDir).filePath(QStringLiteral("metrics.csv")))))) {
        if (row.value(1) != QLatin1String("valid"))
            continue;
        if (row.value(3).toDouble() > bestAccuracy) {
            bestAccuracy = row.value(3).toDouble();
            best = row.value(0).toInt();
        }
    }
    return best;
}

} // namespace

class TestRefit : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_data;
    QStringList m_tracks;

    int cli(const QStringList &arguments, QString *output = nullptr)
    {
        return SharedData::runProgram(QStringLiteral(GENRELAB_CLI), arguments, output, 300000);
    }

    QStringList trainArguments(const QString &out) const
    {
        return {QStringLiteral("train"), m_data, QStringLiteral("--out"), out, QStringLiteral("--epochs"), QStringLiteral("3"),
                QStringLiteral("--batch"), QStringLiteral("8"), QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--seed"),
                QStringLiteral("3")};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_data = m_dir.filePath(QStringLiteral("data"));
        m_tracks = DatasetFixture::writeLabelled(m_data, {QStringLiteral("low"), QStringLiteral("mid"), QStringLiteral("high")}, 5, 6.5);
    }

    void refitTrainsOnValidationAndKeepsTheTestFigure()
    {
        const QString plain = m_dir.filePath(QStringLiteral("plain")), refit = m_dir.filePath(QStringLiteral("refit"));
        QString plainOut, out;
        QCOMPARE(cli(trainArguments(plain), &plainOut), 0);
        QCOMPARE(cli(trainArguments(refit) << QStringLiteral("--refit"), &out), 0);

        // The refit trained on the training and the validation snippets, never the test ones.
        const QRegularExpression started(QStringLiteral("training epochs 1–(\\d+) on (\\d+) snippets \\(validation (\\d+), test (\\d+)\\)"));
        auto match = started.globalMatch(out);
        QVERIFY(match.hasNext());
        const auto first = match.next();
        QVERIFY2(match.hasNext(), qPrintable(out));
        const auto second = match.next();
        QCOMPARE(second.captured(2).toInt(), first.captured(2).toInt() + first.captured(3).toInt());
        QCOMPARE(second.captured(3).toInt(), 0);
        QCOMPARE(second.captured(4).toInt(), first.captured(4).toInt());
        // … for the epoch count validation chose.
        QCOMPARE(second.captured(1).toInt(), chosenEpoch(refit));

        // The reported test figure is the one measured before the refit: the same as the
        // same run without --refit, printed once.
        QCOMPARE(bytes(QDir(refit).filePath(QStringLiteral("confusion.csv"))), bytes(QDir(plain).filePath(QStringLiteral("confusion.csv"))));
        QCOMPARE(bytes(QDir(refit).filePath(QStringLiteral("predictions.csv"))), bytes(QDir(plain).filePath(QStringLiteral("predictions.csv"))));
        QCOMPARE(out.count(QStringLiteral("test set, best model by validation accuracy")), 1);

        // best.pt is the refit model, the selected one is kept; config.json records the refit.
        const QByteArray best = bytes(QDir(refit).filePath(QStringLiteral("best.pt")));
        const QByteArray selected = bytes(QDir(refit).filePath(QStringLiteral("selected.pt")));
        QVERIFY(!best.isEmpty() && !selected.isEmpty() && best != selected);
        QVERIFY(!QFileInfo::exists(QDir(refit).filePath(QStringLiteral("refit.partial"))));
        const QJsonObject config = QJsonDocument::fromJson(bytes(QDir(refit).filePath(QStringLiteral("config.json")))).object();
        const QJsonObject record = config.value(QStringLiteral("refit")).toObject();
        QCOMPARE(record.value(QStringLiteral("epochs")).toInt(), chosenEpoch(refit));
        const QRegularExpression tracks(QStringLiteral("(\\d+) / (\\d+) / (\\d+) tracks"));
        const auto split = tracks.match(config.value(QStringLiteral("split_summary")).toString());
        QVERIFY(split.hasMatch());
        QCOMPARE(record.value(QStringLiteral("train_tracks")).toInt(), split.captured(1).toInt() + split.captured(2).toInt());
        QVERIFY(!QJsonDocument::fromJson(bytes(QDir(plain).filePath(QStringLiteral("config.json")))).object().contains(QStringLiteral("refit")));

        // What predict, export and the report see.
        QCOMPARE(cli({QStringLiteral("predict"), refit, m_tracks.first()}, &out), 0);
        const QString report = m_dir.filePath(QStringLiteral("refit.html"));
        QCOMPARE(cli({QStringLiteral("report"), refit, QStringLiteral("--out"), report}, &out), 0);
        QVERIFY(QString::fromUtf8(bytes(report)).contains(QStringLiteral("measured before the refit")));
        // evaluate says which model it scores, and that validation is no fair test for it.
        QCOMPARE(cli({QStringLiteral("evaluate"), refit, QStringLiteral("--split"), QStringLiteral("valid")}, &out), 0);
        QVERIFY2(out.contains(QStringLiteral("trained on the validation tracks too")), qPrintable(out));
        // A refit run is not extended: more epochs would mix the two models.
        QCOMPARE(cli({QStringLiteral("train"), QStringLiteral("--resume"), refit, QStringLiteral("--epochs"), QStringLiteral("5")}, &out), 2);
        QVERIFY2(out.contains(QStringLiteral("was refit")), qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TestRefit)
#include "tst_refit.moc"
