#include "RunsPanel.h"

#include "charts/CurveChart.h"
#include "models/RunListModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
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
    auto *header = new QHBoxLayout;
    header->addWidget(title);
    header->addStretch();
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
    layout->addWidget(m_chart, 3);
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
    m_chart->removeAllSeries();
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (int i = 0; i < int(rows.size()) && i < kMaxCompared; ++i) {
        const int row = rows[i].row();
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

} // namespace genrelab
