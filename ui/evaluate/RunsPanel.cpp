#include "RunsPanel.h"

#include "charts/CurveChart.h"
#include "models/RunComparisonModel.h"
#include "models/RunListModel.h"
#include "util/Error.h"
#include "views/FlowLayout.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace genrelab {

namespace {
constexpr int kMaxCompared = 6; // runs overlaid at once
} // namespace

RunsPanel::RunsPanel(RunListModel *runs, QWidget *parent)
    : QWidget(parent)
    , m_runs(runs)
    , m_view(new QTableView(this))
    , m_chart(new CurveChart(tr("Accuracy of the selected runs"), tr("epoch"), tr("accuracy"), this))
    , m_tabs(new QTabWidget(this))
    , m_comparison(new RunComparisonModel(this))
    , m_sorted(new QSortFilterProxyModel(this))
    , m_comparisonView(new QTableView(this))
{
    auto *title = new QLabel(tr("Runs of this dataset"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto *refresh = new QPushButton(tr("Refresh"), this);
    refresh->setToolTip(tr("Look again for runs of this dataset, wherever they were written"));
    connect(refresh, &QPushButton::clicked, this, &RunsPanel::refreshRequested);
    auto *open = new QPushButton(tr("Open…"), this);
    open->setToolTip(tr("Open a run folder written anywhere, for example by genrelab-cli train"));
    connect(open, &QPushButton::clicked, this, &RunsPanel::openRunRequested);
    auto *header = new FlowLayout; // the buttons go under the title in a narrow column
    header->addWidget(title);
    header->addWidget(refresh);
    header->addWidget(open);

    m_view->setObjectName(QStringLiteral("runView"));
    m_view->setModel(m_runs);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->setToolTip(tr("Select a run to explore it; Ctrl+click or Shift+click several to overlay their curves; "
                          "double-click a name to rename the run"));
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            Q_EMIT runChosen(m_runs->run(current.row()).path());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsPanel::compareSelected);

    m_chart->setYRange(0.0, 1.0);
    m_chart->setToolTip(tr("Solid: validation accuracy; dashed: training accuracy. The space between them is "
                           "overfitting"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(m_view, 2);
    m_tabs->setObjectName(QStringLiteral("comparisonTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_chart, tr("Curves"));
    m_tabs->addTab(createComparisonTable(), tr("Table"));
    m_tabs->setTabToolTip(1, tr("The selected runs' settings and figures side by side; click a heading to sort"));
    m_tabs->setCurrentIndex(QSettings().value(QStringLiteral("evaluate/runsTab"), 0).toInt());
    // The table reads every prediction of each selected run: only when it is looked at.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int tab) {
        QSettings().setValue(QStringLiteral("evaluate/runsTab"), tab);
        compareSelected();
    });
    layout->addWidget(m_tabs, 3);
}

QWidget *RunsPanel::createComparisonTable()
{
    m_sorted->setSourceModel(m_comparison);
    m_sorted->setSortRole(RunComparisonModel::SortRole);
    m_comparisonView->setObjectName(QStringLiteral("comparisonView"));
    m_comparisonView->setModel(m_sorted);
    m_comparisonView->setSortingEnabled(true);
    m_comparisonView->sortByColumn(RunComparisonModel::TestTracks, Qt::DescendingOrder);
    m_comparisonView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_comparisonView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_comparisonView->setWordWrap(false);
    m_comparisonView->verticalHeader()->hide();
    m_comparisonView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // The list above shows the whole name: here a short one leaves room for the figures.
    m_comparisonView->horizontalHeader()->setSectionResizeMode(RunComparisonModel::Name, QHeaderView::Interactive);
    m_comparisonView->setColumnWidth(RunComparisonModel::Name, 110);
    return m_comparisonView;
}

void RunsPanel::markOpen(const QString &path)
{
    const int row = m_runs->rowOf(path);
    if (row < 0 || m_view->currentIndex().row() == row)
        return;
    {
        QSignalBlocker blocker(m_view->selectionModel());
        m_view->selectionModel()->setCurrentIndex(m_runs->index(row, 0),
                                                  QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    m_view->viewport()->update();
    compareSelected();
}

void RunsPanel::compareSelected()
{
    QList<int> rows;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        rows << index.row();
    overlayCurves(rows);
    if (m_tabs->currentIndex() == 1)
        fillTable(rows);
}

void RunsPanel::overlayCurves(const QList<int> &rows)
{
    m_chart->removeAllSeries();
    for (int i = 0; i < int(rows.size()) && i < kMaxCompared; ++i) {
        const int row = rows[i];
        const RunResults &run = m_runs->run(row);
        const QColor colour = m_runs->colour(row);
        const QString name = m_runs->displayName(row);
        // One legend entry per run, its name in its colour; the dashed training curve
        // shares the colour (the chart's tooltip says which line is which).
        const int valid = m_chart->addSeries(name, colour, CurveChart::Style::LineWithPoints);
        const int train = m_chart->addSeries(tr("%1 (training)").arg(name), colour, CurveChart::Style::Dashed);
        m_chart->hideFromLegend(train);
        for (const EpochMetrics &m : run.metrics()) {
            m_chart->append(valid, m.epoch, m.validAccuracy);
            m_chart->append(train, m.epoch, m.trainAccuracy);
        }
    }
}

// The list holds summaries; the track figure needs the run's predictions, read here
// through the same reader as the open run's.
void RunsPanel::fillTable(const QList<int> &rows)
{
    std::vector<RunComparisonModel::Entry> entries;
    for (int row : rows) {
        try {
            entries.push_back({m_runs->displayName(row), m_runs->colour(row), RunResults::load(m_runs->run(row).path())});
        } catch (const Error &) {
            // a run removed or damaged since the list was read: left out of the table
        }
    }
    m_comparison->setRuns(std::move(entries));
}

} // namespace genrelab
