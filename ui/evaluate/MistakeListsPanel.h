#pragma once

#include "models/PredictionRow.h"
#include "models/PredictionTableModel.h"

#include <QWidget>

class QLabel;
class QTabWidget;
class QTableView;

namespace genrelab {

// Evaluate's three lists of predictions: those in the clicked cell of the confusion
// matrix, the most confidently wrong (where mislabelled clips hide) and the least
// confident. Each opens sorted by confidence (surest mistakes first, least sure
// first), and every column sorts. Selecting a row emits predictionSelected().
// Thread contract: GUI thread.
class MistakeListsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit MistakeListsPanel(QWidget *parent = nullptr);

    // The whole part's predictions: fills the wrong and unsure lists, empties the cell.
    void showPredictions(const std::vector<PredictionRow> &rows, const QStringList &labels,
                         const PredictionTableModel::TrackNamer &trackName, bool tracks);
    void showCell(std::vector<PredictionRow> rows, const QStringList &labels,
                  const PredictionTableModel::TrackNamer &trackName, const QString &trueName,
                  const QString &predictedName);
    void clear();

    PredictionTableModel *cell() const { return m_cell; }
    PredictionTableModel *confidentlyWrong() const { return m_wrong; }
    PredictionTableModel *leastConfident() const { return m_unsure; }
    QTableView *cellView() const { return m_cellView; }
    QTableView *confidentlyWrongView() const { return m_wrongView; }
    QTableView *leastConfidentView() const { return m_unsureView; }

Q_SIGNALS:
    void predictionSelected(const genrelab::PredictionRow &row);

private:
    QTableView *createView(PredictionTableModel *model, const QString &name, Qt::SortOrder confidenceOrder);

    PredictionTableModel *m_cell, *m_wrong, *m_unsure;
    QLabel *m_cellTitle;
    QTabWidget *m_lists;
    QTableView *m_cellView, *m_wrongView, *m_unsureView;
};

} // namespace genrelab
