#pragma once

#include <QSortFilterProxyModel>

namespace genrelab {

// Filters the review queue: a minimum confidence, only tracks whose suggestion differs
// from their current genre, text in path/artist/title; sorts by the numbers behind
// the text (EditRole).
// Thread contract: GUI thread.
class ReviewFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit ReviewFilterModel(QObject *parent = nullptr);
    void setMinConfidence(double confidence);
    void setOnlyDiffering(bool only);
    void setText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    double m_minConfidence = 0.0;
    bool m_onlyDiffering = false;
    QString m_text;
};

} // namespace genrelab
