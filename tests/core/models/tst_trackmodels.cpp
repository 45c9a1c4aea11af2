// TrackTableModel and TrackFilterModel under QAbstractItemModelTester, through resets,
// filtering and sorting by the numbers behind the text.
#include "data/Dataset.h"
#include "models/TrackFilterModel.h"
#include "models/TrackTableModel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace genrelab;

namespace {

Dataset dataset()
{
    std::vector<Track> tracks;
    const double durations[] = {30.0, 9.5, 125.0, 0.0};
    const char *names[] = {"rock/b.wav", "jazz/a.wav", "rock/c.wav", "jazz/broken.wav"};
    for (int i = 0; i < 4; ++i) {
        Track t;
        t.relativePath = QString::fromLatin1(names[i]);
        t.path = QStringLiteral("/music/") + t.relativePath;
        t.label = t.relativePath.section(QLatin1Char('/'), 0, 0);
        t.labelIndex = t.label == QLatin1String("jazz") ? 0 : 1;
        t.durationSeconds = durations[i];
        t.snippetCount = int(durations[i] / 3.0);
        t.status = i == 3 ? Track::Status::Error : Track::Status::Ok;
        t.error = i == 3 ? QStringLiteral("not a recognised audio file") : QString();
        tracks.push_back(t);
    }
    return Dataset(Dataset::Kind::LabelledFolder, QStringLiteral("/music"), {QStringLiteral("jazz"), QStringLiteral("rock")},
                   std::move(tracks));
}

} // namespace

class TestTrackModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tableModel()
    {
        TrackTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setDataset(dataset());
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.index(2, TrackTableModel::Duration).data().toString(), QStringLiteral("2:05.0"));
        QCOMPARE(model.index(2, TrackTableModel::Snippets).data().toInt(), 41);
        QCOMPARE(model.index(3, TrackTableModel::Status).data().toString(), QStringLiteral("error"));
        QCOMPARE(model.index(3, TrackTableModel::Name).data(Qt::ToolTipRole).toString(), QStringLiteral("not a recognised audio file"));
        QVERIFY(!model.index(3, TrackTableModel::Duration).data().isValid()); // no duration for a failed file
        // An error is coloured, a readable track keeps the view's colour.
        QVERIFY(model.index(3, TrackTableModel::Status).data(Qt::ForegroundRole).isValid());
        QVERIFY(!model.index(2, TrackTableModel::Status).data(Qt::ForegroundRole).isValid());
        model.setDataset(Dataset());
        QCOMPARE(model.rowCount(), 0);
    }

    void filterAndSort()
    {
        TrackTableModel model;
        TrackFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDataset(dataset());
        filter.setLabelFilter(1);
        QCOMPARE(filter.rowCount(), 2);
        filter.setLabelFilter(-1);
        filter.setTextFilter(QStringLiteral("JAZZ/"));
        QCOMPARE(filter.rowCount(), 2);
        filter.setTextFilter({});
        filter.setOnlyErrors(true);
        QCOMPARE(filter.rowCount(), 1);
        filter.setOnlyErrors(false);
        // Durations sort as numbers (9.5 < 30 < 125), not as text ("0:09" vs "2:05").
        filter.sort(TrackTableModel::Duration, Qt::DescendingOrder);
        QCOMPARE(filter.index(0, TrackTableModel::Name).data().toString(), QStringLiteral("c.wav"));
        QCOMPARE(filter.index(1, TrackTableModel::Name).data().toString(), QStringLiteral("b.wav"));
    }
};

QTEST_GUILESS_MAIN(TestTrackModels)
#include "tst_trackmodels.moc"
