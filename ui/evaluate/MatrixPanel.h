#pragma once

#include <QWidget>

class QLabel;
class QSlider;

namespace genrelab {

class ClassMetricsModel;
class ConfusionMatrixView;
class ConfusionTableModel;

// Evaluate's centre: the part's accuracy in one sentence, the confusion matrix as a
// heat map with its colour legend, per-class precision, recall and F1 below, and an
// epoch slider that replays how the validation matrix formed, epoch by epoch.
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
    // `epochs` kept matrices to replay (0 hides the slider); the slider returns to the end.
    void setEpochReplay(int epochs);
    QSlider *epochSlider() const { return m_epochSlider; }

Q_SIGNALS:
    void cellActivated(int trueLabel, int predicted);
    // 1…N: replay that epoch's validation matrix; 0: back to the run's model.
    void epochChosen(int epoch);

private:
    ConfusionTableModel *m_confusion;
    QLabel *m_summary;
    ConfusionMatrixView *m_matrix;
    QWidget *m_replay;
    QSlider *m_epochSlider;
    QLabel *m_epochLabel;
};

} // namespace genrelab
