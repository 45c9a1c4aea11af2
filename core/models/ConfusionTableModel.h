#pragma once

#include "ml/Evaluation.h"

#include <QAbstractTableModel>
#include <QStringList>

namespace genrelab {

// A confusion matrix as a table: rows are true classes, columns predicted ones, both
// headed by class names. Each cell shows its count, its share of the row (recall-style
// %), or both; CountRole and RowFractionRole give the numbers for a heat-map delegate.
// Thread contract: GUI thread.
class ConfusionTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role { CountRole = Qt::UserRole + 1, RowFractionRole };
    enum class Show { Counts, Percent, Both };

    explicit ConfusionTableModel(QObject *parent = nullptr);
    void setMatrix(const Evaluation::Matrix &counts, const QStringList &labels, const QString &unit);
    void clear() { setMatrix({}, {}, {}); }
    void setShow(Show show);
    Show show() const { return m_show; }
    const Evaluation::Matrix &matrix() const { return m_counts; }
    const QStringList &labels() const { return m_labels; }
    int count(int trueLabel, int predicted) const;
    double rowFraction(int trueLabel, int predicted) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString cellText(int row, int column) const;

    Evaluation::Matrix m_counts;
    std::vector<int> m_rowTotals;
    QStringList m_labels;
    QString m_unit = QStringLiteral("snippets");
    Show m_show = Show::Both;
};

} // namespace genrelab
