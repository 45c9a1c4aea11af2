#pragma once

#include <QWidget>

class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace genrelab {

class CurveChart;
class RunComparisonModel;
class RunListModel;

// Evaluate's list of the open dataset's runs and, for the runs selected in it, their
// training and validation accuracy overlaid (one colour per run, as in the list) or,
// on the Table tab, their settings and figures side by side, sortable by any column.
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
    QTabWidget *comparisonTabs() const { return m_tabs; }
    RunComparisonModel *comparison() const { return m_comparison; }
    QTableView *comparisonView() const { return m_comparisonView; }

Q_SIGNALS:
    void runChosen(const QString &path);
    void refreshRequested();
    void openRunRequested();

private:
    QWidget *createComparisonTable();
    void overlayCurves(const QList<int> &rows);
    void fillTable(const QList<int> &rows);

    RunListModel *m_runs;
    QTableView *m_view;
    CurveChart *m_chart;
    QTabWidget *m_tabs;
    RunComparisonModel *m_comparison;
    QSortFilterProxyModel *m_sorted;
    QTableView *m_comparisonView;
};

} // namespace genrelab
