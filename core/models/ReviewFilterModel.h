#pragma once

#include <QSortFilterProxyModel>

namespace genrelab {

// Filters the review queue: a minimum confidence (compared in whole percent, as the
// table shows it), only tracks whose suggestion differs from their current genre, text
// in path/artist/title; sorts by the numbers behind the text (EditRole). By default it
// shows everything; hiddenCount() says how many rows the filters hide.
// Thread contract: GUI thread.
class ReviewFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit ReviewFilterModel(QObject *parent = nullptr);
    void setMinConfidence(double confidence);
    void setOnlyDiffering(bool only);
    void setText(const QString &text);
    bool isFiltering() const { return m_minConfidence > 0.0 || m_onlyDiffering || !m_text.isEmpty(); }
    int hiddenCount() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    double m_minConfidence = 0.0;
    bool m_onlyDiffering = false;
    QString m_text;
};

} // namespace genrelab
