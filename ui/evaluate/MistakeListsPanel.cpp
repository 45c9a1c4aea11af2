#include "MistakeListsPanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace genrelab {

namespace {
constexpr int kListLimit = 200; // rows in the "most confidently wrong" / "least confident" lists
} // namespace

MistakeListsPanel::MistakeListsPanel(QWidget *parent)
    : QWidget(parent)
    , m_cell(new PredictionTableModel(this))
    , m_wrong(new PredictionTableModel(this))
    , m_unsure(new PredictionTableModel(this))
    , m_cellTitle(new QLabel(this))
    , m_lists(new QTabWidget(this))
{
    QFont bold = m_cellTitle->font();
    bold.setBold(true);
    m_cellTitle->setFont(bold);
    m_cellTitle->setWordWrap(true);
    m_cellView = createView(m_cell, QStringLiteral("cellView"), Qt::DescendingOrder);
    m_wrongView = createView(m_wrong, QStringLiteral("wrongView"), Qt::DescendingOrder);
    m_unsureView = createView(m_unsure, QStringLiteral("unsureView"), Qt::AscendingOrder);
    m_lists->addTab(m_cellView, tr("In the cell"));
    m_lists->addTab(m_wrongView, tr("Most confidently wrong"));
    m_lists->setTabToolTip(1, tr("Wrong predictions the network was surest of, surest first: where mislabelled clips hide"));
    m_lists->addTab(m_unsureView, tr("Least confident"));
    m_lists->setTabToolTip(2, tr("The predictions the network was least sure of, least sure first"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_cellTitle);
    layout->addWidget(m_lists);
    clear();
}

QTableView *MistakeListsPanel::createView(PredictionTableModel *model, const QString &name, Qt::SortOrder confidenceOrder)
{
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(model);
    proxy->setSortRole(Qt::EditRole); // numbers, not their text: 9.5 % < 10 %
    auto *view = new QTableView(this);
    view->setObjectName(name);
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->sortByColumn(PredictionTableModel::Confidence, confidenceOrder);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setSectionResizeMode(PredictionTableModel::Track, QHeaderView::Stretch);
    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this, proxy, model](const QModelIndex &current) {
        if (current.isValid())
            Q_EMIT predictionSelected(model->row(proxy->mapToSource(current).row()));
    });
    return view;
}

void MistakeListsPanel::showPredictions(const std::vector<PredictionRow> &rows, const QStringList &labels,
                                        const PredictionTableModel::TrackNamer &trackName, bool tracks)
{
    m_wrong->setRows(PredictionRow::mostConfidentlyWrong(rows, kListLimit), labels, trackName);
    m_unsure->setRows(PredictionRow::leastConfident(rows, kListLimit), labels, trackName);
    m_cell->clear();
    m_cellTitle->setText(tr("Click a cell of the matrix to list its %1").arg(tracks ? tr("tracks") : tr("snippets")));
}

void MistakeListsPanel::showCell(std::vector<PredictionRow> rows, const QStringList &labels,
                                 const PredictionTableModel::TrackNamer &trackName, const QString &trueName,
                                 const QString &predictedName)
{
    m_cellTitle->setText(tr("True %1, predicted %2: %n prediction(s)", nullptr, int(rows.size())).arg(trueName, predictedName));
    m_cell->setRows(std::move(rows), labels, trackName);
    m_lists->setCurrentWidget(m_cellView);
}

void MistakeListsPanel::clear()
{
    m_cell->clear();
    m_wrong->clear();
    m_unsure->clear();
    m_cellTitle->setText(tr("Open a run to list its predictions"));
}

} // namespace genrelab
