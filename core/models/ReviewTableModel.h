#pragma once

#include "library/CatalogTrack.h"
#include "library/GenreVocabulary.h"
#include "library/ReviewDecision.h"
#include "library/TagChange.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace genrelab {

// The review queue of an analysed library: one row per track with its tags, current
// genre, the suggested genre (in the user's words) and the model's confidence, and the
// user's decision — accept (the check box), and which genre (the suggestion, or another
// class picked in the Genre column) or reject. Nothing is written from here: changes()
// hands the accepted rows to TagWriter; decisions() is what the catalog keeps.
// The confidence is shown in whole percent, and every comparison with a percentage
// (filter, "Accept all above") uses that same rounded number, so what reads "50 %"
// passes "≥ 50 %".
// Thread contract: GUI thread.
class ReviewTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Accept, Track, Artist, Title, Current, Genre, Confidence, ColumnCount };
    enum Role { ConfidenceRole = Qt::UserRole + 1, DiffersRole, PathRole, FailedRole, ChoiceRole };

    explicit ReviewTableModel(QObject *parent = nullptr);
    void setTracks(std::vector<CatalogTrack> tracks, const QStringList &classes);
    void setVocabulary(const GenreVocabulary &vocabulary);
    const GenreVocabulary &vocabulary() const { return m_vocabulary; }
    const QStringList &classes() const { return m_classes; }
    const CatalogTrack &track(int row) const { return m_rows[std::size_t(row)].track; }

    // The confidence as the table shows it: whole percent.
    static int percent(double confidence);

    void setAccepted(int row, bool accepted);
    void setRejected(int row);
    bool isRejected(int row) const { return m_rows[std::size_t(row)].rejected; }
    // Accepted and rejected rows, and rows whose genre was picked, with the class chosen.
    std::vector<ReviewDecision> decisions() const;
    // Restores decisions kept earlier; those of files no longer listed, of failed
    // tracks or naming a class the model lacks are ignored. Emits no decisionsChanged.
    void applyDecisions(const std::vector<ReviewDecision> &decisions);
    // Accepts every analysed track at or above `confidence` (in whole percent, as shown);
    // returns how many are accepted now.
    int acceptAbove(double confidence);
    void setChoice(int row, int classIndex);
    int acceptedCount() const;
    QString genreFor(int row) const; // the chosen class in the user's words
    std::vector<TagChange> changes() const;
    // After a write or undo: what the file's genre and identity are now.
    void updateFile(const QString &path, const QString &genre, qint64 size, const QDateTime &modified);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // The user accepted, rejected or picked a genre (not on setTracks / applyDecisions).
    void decisionsChanged();

private:
    struct Row
    {
        CatalogTrack track;
        bool accepted = false;
        bool rejected = false;
        int choice = -1; // class index; starts as the suggestion
    };
    QVariant display(int row, int column) const;
    void rowChanged(int row);

    std::vector<Row> m_rows;
    QStringList m_classes;
    GenreVocabulary m_vocabulary;
};

} // namespace genrelab
