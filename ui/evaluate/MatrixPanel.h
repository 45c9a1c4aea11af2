#pragma once

#include <QWidget>

class QLabel;

namespace genrelab {

class ClassMetricsModel;
class ConfusionMatrixView;
class ConfusionTableModel;

// Evaluate's centre: the part's accuracy in one sentence, the confusion matrix as a
// heat map with its colour legend, and per-class precision, recall and F1 below.
// Thread contract: GUI thread.
class MatrixPanel : public QWidget
{
    Q_OBJECT
public:
    MatrixPanel(ConfusionTableModel *confusion, ClassMetricsModel *metrics, QWidget *parent = nullptr);

    void setSummary(const QString &text);
    // Where a student should look first: the cell with the largest off-diagonal count.
    void selectMostConfusedCell();
    ConfusionMatrixView *matrixView() const { return m_matrix; }

Q_SIGNALS:
    void cellActivated(int trueLabel, int predicted);

private:
    ConfusionTableModel *m_confusion;
    QLabel *m_summary;
    ConfusionMatrixView *m_matrix;
};

} // namespace genrelab
