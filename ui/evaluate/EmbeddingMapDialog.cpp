#include "EmbeddingMapDialog.h"

#include "jobs/JobRunner.h"
#include "jobs/JobStatusWidget.h"
#include "ml/TrainingData.h"
#include "ml/TrainingSession.h"
#include "views/EmbeddingMapView.h"

#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QVBoxLayout>

namespace genrelab {

EmbeddingMapDialog::EmbeddingMapDialog(QWidget *parent)
    : QDialog(parent)
    , m_view(new EmbeddingMapView(this))
    , m_projection(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_list(new QListWidget(this))
    , m_jobs(new JobRunner(JobRunner::Policy::LatestWins, this))
{
    setWindowTitle(tr("Embedding map"));
    m_projection->addItem(tr("PCA (at once; distances are real)"), int(EmbeddingMap::Projection::Pca));
    m_projection->addItem(tr("t-SNE (slower; keeps neighbours, distances between groups mean nothing)"),
                          int(EmbeddingMap::Projection::Tsne));
    m_projection->setToolTip(tr("How the network's vectors are laid out in 2-D"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_list->setToolTip(tr("The snippets inside the lasso; click one to inspect it in Evaluate"));
    auto *status = new JobStatusWidget(this);
    m_jobs->setStatusWidget(status);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Projection:"), this));
    top->addWidget(m_projection, 1);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_list);
    splitter->setStretchFactor(0, 3);
    splitter->setSizes({640, 260});
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);
    layout->addWidget(status);
    resize(960, 640);

    connect(m_projection, &QComboBox::currentIndexChanged, this, &EmbeddingMapDialog::compute);
    connect(m_view, &EmbeddingMapView::pointClicked, this, &EmbeddingMapDialog::choose);
    connect(m_view, &EmbeddingMapView::lassoChanged, this, &EmbeddingMapDialog::listLassoed);
    connect(m_view, &EmbeddingMapView::hovered, this, [this](const QString &text) {
        if (!text.isEmpty())
            m_summary->setText(text);
    });
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) { choose(item->data(Qt::UserRole).toInt()); });
    connect(m_list, &QListWidget::itemClicked, this, [this](QListWidgetItem *item) { choose(item->data(Qt::UserRole).toInt()); });
    connect(m_jobs, &JobRunner::failed, this, [this](const QString &message, Error::Kind kind) {
        m_summary->setText(kind == Error::Kind::Cancelled ? tr("Map cancelled") : tr("No map: %1").arg(message));
    });
}

EmbeddingMapDialog::~EmbeddingMapDialog() = default;

void EmbeddingMapDialog::showRun(const QString &runDir, const TrainingConfig &config, const Dataset &dataset,
                                 std::shared_ptr<const FeatureCache> cache)
{
    m_runDir = runDir;
    m_config = config;
    m_dataset = dataset;
    m_cache = std::move(cache);
    setWindowTitle(tr("Embedding map — %1").arg(QDir::toNativeSeparators(runDir)));
    compute();
}

void EmbeddingMapDialog::clear()
{
    m_jobs->cancel();
    m_runDir.clear();
    m_cache.reset();
    m_result = {};
    m_view->clear();
    m_list->clear();
    m_summary->clear();
}

QString EmbeddingMapDialog::summary() const
{
    return m_summary->text();
}

bool EmbeddingMapDialog::isComputing() const
{
    return m_jobs->isBusy();
}

void EmbeddingMapDialog::compute()
{
    if (m_runDir.isEmpty() || !m_cache)
        return;
    const auto projection = EmbeddingMap::Projection(m_projection->currentData().toInt());
    m_view->clear();
    m_summary->setText(tr("Embedding the validation and test snippets…"));
    m_jobs->run(
        tr("Embedding map"),
        [runDir = m_runDir, config = m_config, dataset = m_dataset, cache = m_cache, projection](ProgressReporter &progress) {
            const TrainingData data(dataset, cache, TrainingSession::splitFor(config, dataset));
            return EmbeddingMap::compute(runDir, data, {SplitPart::Valid, SplitPart::Test}, projection, 0, &progress);
        },
        [this](EmbeddingMap::Result result) { showResult(std::move(result)); });
}

QString EmbeddingMapDialog::describe(const EmbeddingMap::Point &point) const
{
    return tr("%1 · snippet %2 · %3 · true %4, predicted %5 (%6 %)")
        .arg(m_dataset.tracks()[std::size_t(point.track)].relativePath)
        .arg(point.snippet + 1)
        .arg(point.part == SplitPart::Valid ? tr("validation") : tr("test"))
        .arg(m_result.labels.value(point.trueLabel), m_result.labels.value(point.predicted))
        .arg(100.0 * point.confidence, 0, 'f', 1);
}

void EmbeddingMapDialog::showResult(EmbeddingMap::Result result)
{
    m_result = std::move(result);
    std::vector<EmbeddingMapView::Point> points;
    int mistakes = 0;
    for (const EmbeddingMap::Point &p : m_result.points) {
        points.push_back({p.x, p.y, p.trueLabel, p.predicted != p.trueLabel, describe(p)});
        mistakes += p.predicted != p.trueLabel;
    }
    m_view->setPoints(std::move(points), m_result.labels);
    QString text = tr("%1 snippets (%2 mistakes, ringed); %3-D vectors of the layer before the classifier")
                       .arg(m_result.points.size()).arg(mistakes).arg(m_result.dimensions);
    if (m_projection->currentData().toInt() == int(EmbeddingMap::Projection::Pca))
        text += tr("; the two axes hold %1 % of their variance").arg(100.0 * m_result.explainedVariance, 0, 'f', 1);
    m_summary->setText(text + tr(". Drag around dots to list them."));
    Q_EMIT computed();
}

void EmbeddingMapDialog::listLassoed(const QList<int> &indices)
{
    m_list->clear();
    for (int i : indices) {
        auto *item = new QListWidgetItem(describe(m_result.points[std::size_t(i)]), m_list);
        item->setData(Qt::UserRole, i);
    }
}

void EmbeddingMapDialog::choose(int index)
{
    if (index < 0 || index >= int(m_result.points.size()))
        return;
    const EmbeddingMap::Point &p = m_result.points[std::size_t(index)];
    Q_EMIT snippetChosen(m_dataset.tracks()[std::size_t(p.track)].path, p.snippet);
}

} // namespace genrelab
