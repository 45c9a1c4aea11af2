#include "NetworkInsidesDialog.h"

#include "NetworkInsidesView.h"
#include "SpectrogramView.h"
#include "jobs/JobRunner.h"
#include "ml/NetworkInsides.h"

#include <QDir>
#include <QLabel>
#include <QScreen>
#include <QVBoxLayout>

#include <algorithm>
#include <mutex>
#include <vector>

namespace genrelab {

// The network of the last model asked for, kept between snippets (loading takes longer
// than one snippet's pass); the mutex keeps a superseded job off the same network.
struct InsidesCache
{
    std::mutex mutex;
    QString path;
    std::unique_ptr<NetworkInsides> insides;

    NetworkInsides &load(const QString &model)
    {
        if (!insides || path != model) {
            insides.reset();
            insides = std::make_unique<NetworkInsides>(model);
            path = model;
        }
        return *insides;
    }
};

namespace {
struct Inspected
{
    NetworkInsides::Result result;
    int snippet = -1;
};
} // namespace

NetworkInsidesDialog::NetworkInsidesDialog(SpectrogramView *follows, QWidget *parent)
    : QDialog(parent)
    , m_follows(follows)
    , m_view(new NetworkInsidesView(this))
    , m_status(new QLabel(this))
    , m_jobs(new JobRunner(JobRunner::Policy::LatestWins, this))
    , m_cache(std::make_shared<InsidesCache>())
{
    setWindowTitle(tr("Inside the network"));
    setModal(false);
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_view, 1);
    // Both columns whole where the screen allows (the blocks' 8 tiles a row, the 32 steps).
    const QRect screen = this->screen()->availableGeometry();
    resize(std::min(1220, screen.width()), std::min(780, screen.height()));
    connect(follows, &SpectrogramView::shownSnippetChanged, this, &NetworkInsidesDialog::recompute);
    connect(m_jobs, &JobRunner::failed, this, [this](const QString &message, Error::Kind kind) {
        if (kind != Error::Kind::Cancelled) // a cancelled one was superseded by another selection
            setStatus(tr("Nothing to show: %1").arg(message));
    });
}

NetworkInsidesDialog::~NetworkInsidesDialog() = default;

void NetworkInsidesDialog::setModel(const QString &path)
{
    if (path == m_model)
        return;
    m_model = path;
    recompute();
}

QString NetworkInsidesDialog::status() const
{
    return m_status->text();
}

bool NetworkInsidesDialog::isComputing() const
{
    return m_jobs->isBusy();
}

void NetworkInsidesDialog::setStatus(const QString &text)
{
    m_status->setText(text);
}

void NetworkInsidesDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    recompute();
}

void NetworkInsidesDialog::recompute()
{
    m_jobs->cancel();
    if (!isVisible())
        return; // computed when shown again: a hidden window costs nothing
    const int snippet = m_follows ? m_follows->selectedSnippet() : -1;
    const std::span<const float> values = m_follows ? m_follows->snippetValues(snippet) : std::span<const float>();
    if (m_model.isEmpty()) {
        m_view->clear();
        setStatus(tr("No trained model is chosen, so there is no network to look inside: train one (Train), choose a "
                     "run in the Evidence row's model box (Explore) or open a run (Evaluate)."));
        return;
    }
    if (values.empty()) {
        m_view->clear();
        setStatus(tr("Select a snippet to see what the network computes for it."));
        return;
    }
    setStatus(tr("Running snippet %1 through the network…").arg(snippet + 1));
    std::vector<float> copy(values.begin(), values.end());
    m_jobs->run(
        tr("Inside the network, snippet %1").arg(snippet + 1),
        [cache = m_cache, model = m_model, copy = std::move(copy), snippet](ProgressReporter &) {
            const std::lock_guard lock(cache->mutex);
            return Inspected{cache->load(model).inspect(copy), snippet};
        },
        [this](Inspected inspected) {
            if (!m_follows || inspected.snippet != m_follows->selectedSnippet())
                return; // the selection moved on meanwhile; its own job follows
            m_view->setResult(inspected.result);
            const NetworkInsides::Result &r = m_view->result();
            const int predicted = r.predicted();
            // One arg() call: a path or class name holding "%4" is not filled in.
            setStatus(tr("Snippet %1 through %2: predicted %3 (%4 %).")
                          .arg(QString::number(inspected.snippet + 1), QDir::toNativeSeparators(m_model),
                               r.labels.value(predicted), QString::number(100.0 * r.probabilities[std::size_t(predicted)], 'f', 1)));
            setWindowTitle(tr("Inside the network — snippet %1").arg(inspected.snippet + 1));
            Q_EMIT computed();
        });
}

} // namespace genrelab
