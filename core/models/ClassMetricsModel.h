#pragma once

#include "ml/Evaluation.h"

#include <QAbstractTableModel>
#include <QStringList>

namespace genrelab {

// Per-class precision, recall, F1 and support of an evaluation at one level (snippets
// or tracks), with a last "macro average" row. Values are fractions (EditRole) shown
// as percentages (DisplayRole).
// Thread contract: GUI thread.
class ClassMetricsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Class, Precision, Recall, F1, Support, ColumnCount };

    explicit ClassMetricsModel(QObject *parent = nullptr);
    void setEvaluation(const Evaluation &evaluation, Evaluation::Level level, const QStringList &labels);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QString name;
        double precision = 0.0, recall = 0.0, f1 = 0.0;
        int support = 0;
    };
    std::vector<Row> m_rows;
};

} // namespace genrelab
