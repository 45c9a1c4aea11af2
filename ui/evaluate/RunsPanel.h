#pragma once

#include <QWidget>

class QTableView;

namespace genrelab {

class CurveChart;
class RunListModel;

// Evaluate's list of the open dataset's runs and, for the runs selected in it, their
// training and validation accuracy overlaid (one colour per run, as in the list).
// Choosing a row asks for the run to be opened (runChosen); several rows are compared.
// Thread contract: GUI thread.
class RunsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RunsPanel(RunListModel *runs, QWidget *parent = nullptr);

    // Marks the run at `path` as the open one without emitting runChosen.
    void markOpen(const QString &path);
    void compareSelected();

    QTableView *view() const { return m_view; }
    CurveChart *chart() const { return m_chart; }

Q_SIGNALS:
    void runChosen(const QString &path);
    void refreshRequested();
    void openRunRequested();

private:
    RunListModel *m_runs;
    QTableView *m_view;
    CurveChart *m_chart;
};

} // namespace genrelab
