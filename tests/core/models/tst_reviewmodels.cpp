// The tagging review queue under QAbstractItemModelTester: decisions (check box, bulk
// "accept above", picking another genre), the user's genre words, what would be
// written, and the filters (confidence, only differing, text).
#include "models/ReviewFilterModel.h"
#include "models/ReviewTableModel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace genrelab;

namespace {

const QStringList kClasses = {QStringLiteral("blues"), QStringLiteral("hiphop"), QStringLiteral("rock")};

CatalogTrack track(const char *path, const char *genreTag, int label, double confidence)
{
    CatalogTrack t;
    t.path = QString::fromLatin1(path);
    t.genreTag = QString::fromLatin1(genreTag);
    t.label = label;
    t.confidence = confidence;
    t.size = 100;
    t.modified = QDateTime::fromSecsSinceEpoch(1700000000);
    t.artist = QStringLiteral("Ann");
    return t;
}

std::vector<CatalogTrack> tracks()
{
    CatalogTrack failed = track("/m/broken.mp3", "", -1, 0.0);
    failed.error = QStringLiteral("not audio");
    return {track("/m/a.mp3", "Rock", 2, 0.91), track("/m/b.flac", "", 1, 0.62), track("/m/c.ogg", "Blues", 0, 0.35), failed};
}

} // namespace

class TestReviewModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decisionsBecomeChanges()
    {
        ReviewTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTracks(tracks(), kClasses);
        QCOMPARE(model.rowCount(), 4);
        QVERIFY(model.changes().empty()); // nothing is accepted until the user says so
        QCOMPARE(model.acceptAbove(0.6), 2);
        GenreVocabulary words;
        words.set(QStringLiteral("hiphop"), QStringLiteral("Hip-Hop"));
        words.set(QStringLiteral("rock"), QStringLiteral("Rock"));
        model.setVocabulary(words);
        std::vector<TagChange> changes = model.changes();
        QCOMPARE(int(changes.size()), 2);
        QCOMPARE(changes[0].newGenre, QStringLiteral("Rock"));
        QVERIFY(!changes[0].changesSomething()); // already "Rock"
        QCOMPARE(changes[1].newGenre, QStringLiteral("Hip-Hop"));
        QCOMPARE(changes[1].size, qint64(100));

        // Pick another genre for c.ogg: it becomes accepted with that genre.
        QVERIFY(model.setData(model.index(2, ReviewTableModel::Genre), 2, Qt::EditRole));
        QCOMPARE(model.data(model.index(2, ReviewTableModel::Genre)).toString(), QStringLiteral("Rock"));
        QCOMPARE(model.data(model.index(2, ReviewTableModel::Accept), Qt::CheckStateRole).toInt(), int(Qt::Checked));
        // Untick a.mp3; a failed track can be neither ticked nor edited.
        QVERIFY(model.setData(model.index(0, ReviewTableModel::Accept), Qt::Unchecked, Qt::CheckStateRole));
        model.setAccepted(3, true);
        QVERIFY(!(model.flags(model.index(3, ReviewTableModel::Genre)) & Qt::ItemIsEditable));
        changes = model.changes();
        QCOMPARE(int(changes.size()), 2);
        QCOMPARE(changes[1].path, QStringLiteral("/m/c.ogg"));
        QCOMPARE(changes[1].oldGenre, QStringLiteral("Blues"));
        QVERIFY(model.data(model.index(3, ReviewTableModel::Genre)).toString().contains(QStringLiteral("not audio")));

        model.updateFile(QStringLiteral("/m/c.ogg"), QStringLiteral("Rock"), 120, QDateTime::fromSecsSinceEpoch(1700000500));
        QCOMPARE(model.data(model.index(2, ReviewTableModel::Current)).toString(), QStringLiteral("Rock"));
        QVERIFY(!model.data(model.index(2, ReviewTableModel::Track), ReviewTableModel::DiffersRole).toBool());
        QCOMPARE(model.changes()[1].size, qint64(120));
    }

    void filters()
    {
        ReviewTableModel model;
        ReviewFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTracks(tracks(), kClasses);
        QCOMPARE(filter.rowCount(), 4);
        filter.setMinConfidence(0.5);
        QCOMPARE(filter.rowCount(), 3); // c.ogg is unsure; the failed track stays visible
        filter.setOnlyDiffering(true);
        QCOMPARE(filter.rowCount(), 1); // a.mp3 already says rock; the failed one differs in nothing
        QCOMPARE(filter.index(0, ReviewTableModel::Track).data().toString(), QStringLiteral("b.flac"));
        filter.setOnlyDiffering(false);
        filter.setMinConfidence(0.0);
        filter.setText(QStringLiteral(".OGG"));
        QCOMPARE(filter.rowCount(), 1);
        filter.setText({});
        filter.sort(ReviewTableModel::Confidence, Qt::DescendingOrder);
        QCOMPARE(filter.index(0, ReviewTableModel::Track).data().toString(), QStringLiteral("a.mp3"));
    }
};

QTEST_GUILESS_MAIN(TestReviewModels)
#include "tst_reviewmodels.moc"
