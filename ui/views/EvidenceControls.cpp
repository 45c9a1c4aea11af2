#include "EvidenceControls.h"

#include "FlowLayout.h"
#include "NetworkInsidesDialog.h"
#include "SpectrogramView.h"
#include "jobs/JobRunner.h"
#include "ml/RunDirectory.h"
#include "ml/RunIndex.h"
#include "ml/Saliency.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QSettings>
#include <QSlider>
#include <QToolButton>

#include <algorithm>
#include <mutex>
#include <vector>

namespace genrelab {

// The network of the last model asked for, kept between snippets: loading a run takes
// longer than explaining one snippet. The mutex keeps two jobs (a superseded one still
// finishing) off the same network.
struct SaliencyCache
{
    std::mutex mutex;
    QString path;
    std::unique_ptr<Saliency> saliency;

    Saliency &load(const QString &model)
    {
        if (!saliency || path != model) {
            saliency.reset();
            saliency = std::make_unique<Saliency>(model);
            path = model;
        }
        return *saliency;
    }
};

namespace {

const QString kMethodKey = QStringLiteral("evidence/method");
const QString kOpacityKey = QStringLiteral("evidence/opacity");

struct Explained
{
    Saliency::Map map;
    QStringList labels;
    int snippet = -1;
};

QString runLabel(const QString &path)
{
    const QString given = RunDirectory(path).givenName();
    const QString folder = QFileInfo(path).fileName();
    return given.isEmpty() ? folder : QStringLiteral("%1 (%2)").arg(given, folder);
}

} // namespace

EvidenceControls::EvidenceControls(SpectrogramView *view, QWidget *parent)
    : QWidget(parent)
    , m_view(view)
    , m_show(new QCheckBox(tr("&Evidence"), this))
    , m_models(new QComboBox(this))
    , m_method(new QComboBox(this))
    , m_class(new QComboBox(this))
    , m_opacity(new QSlider(Qt::Horizontal, this))
    , m_summary(new QLabel(this))
    , m_insidesButton(new QToolButton(this))
    , m_jobs(new JobRunner(JobRunner::Policy::LatestWins, this))
    , m_cache(std::make_shared<SaliencyCache>())
{
    m_show->setToolTip(tr("Lay over the selected snippet what the model listened to for a class: warm cells "
                          "speak for it, blue ones against it (Alt+E)"));
    m_models->setToolTip(tr("The trained model that explains (the runs GenreLab knows, newest first)"));
    m_models->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_models->setMinimumContentsLength(10); // the whole name is in its tooltip; Explore fits 1024 px
    m_models->hide(); // until offerKnownRuns()
    for (Saliency::Method method : {Saliency::Method::Occlusion, Saliency::Method::IntegratedGradients,
                                    Saliency::Method::GradCam}) {
        m_method->addItem(Saliency::methodName(method), int(method));
        m_method->setItemData(m_method->count() - 1, Saliency::methodDescription(method), Qt::ToolTipRole);
    }
    m_method->setToolTip(tr("How the evidence is measured; each method's own tooltip says where it misleads"));
    m_class->setToolTip(tr("The class whose evidence is shown"));
    m_class->addItem(tr("predicted class"), -1);
    m_opacity->setRange(10, 100);
    m_opacity->setToolTip(tr("Opacity of the evidence over the spectrogram"));
    m_opacity->setFixedWidth(80); // squeezed to nothing by a long summary otherwise
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // cut, never widens the window
    m_insidesButton->setText(tr("Inside…"));
    m_insidesButton->setToolTip(tr("Inside the network for the selected snippet: each convolution block's feature maps, "
                                   "the first block's kernels, the recurrent layer's state and the class probabilities over time"));

    const QSettings settings;
    const int method = m_method->findText(settings.value(kMethodKey).toString());
    m_method->setCurrentIndex(std::max(0, method));
    m_opacity->setValue(settings.value(kOpacityKey, 60).toInt());
    m_view->setEvidenceOpacity(m_opacity->value() / 100.0);

    // Wraps in a narrow column; the summary takes what is left of the last line.
    auto *layout = new FlowLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget *control : std::initializer_list<QWidget *>{m_show, m_models, m_method, m_class, m_opacity, m_insidesButton, m_summary})
        layout->addWidget(control);

    connect(m_show, &QCheckBox::toggled, this, [this](bool on) {
        if (on && m_offersRuns)
            offerKnownRuns(); // recomputes when the model changes
        recompute();
    });
    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        QSettings().setValue(kMethodKey, m_method->currentText());
        recompute();
    });
    connect(m_class, &QComboBox::currentIndexChanged, this, &EvidenceControls::recompute);
    connect(m_models, &QComboBox::currentIndexChanged, this, [this] { setModel(m_models->currentData().toString()); });
    connect(m_opacity, &QSlider::valueChanged, this, [this](int value) {
        m_view->setEvidenceOpacity(value / 100.0);
        QSettings().setValue(kOpacityKey, value);
    });
    connect(m_view, &SpectrogramView::shownSnippetChanged, this, &EvidenceControls::recompute);
    connect(m_insidesButton, &QToolButton::clicked, this, &EvidenceControls::showInsides);
    connect(m_jobs, &JobRunner::failed, this, [this](const QString &message, Error::Kind kind) {
        if (kind == Error::Kind::Cancelled)
            return; // superseded by another selection
        setSummary(tr("No evidence: %1").arg(message));
        Q_EMIT status(message);
    });
    setModel({});
}

EvidenceControls::~EvidenceControls() = default;

void EvidenceControls::setModel(const QString &path)
{
    if (path == m_model && !path.isEmpty())
        return;
    m_model = path;
    if (m_insides)
        m_insides->setModel(path);
    showLabels({});
    recompute();
}

void EvidenceControls::offerKnownRuns()
{
    const QString current = m_models->currentData().toString();
    QStringList runs = RunIndex::runs();
    std::reverse(runs.begin(), runs.end()); // newest first
    {
        const QSignalBlocker blocker(m_models);
        m_models->clear();
        for (const QString &run : runs)
            if (QFileInfo::exists(RunDirectory(run).bestModelPath()))
                m_models->addItem(runLabel(run), run);
        for (int i = 0; i < m_models->count(); ++i)
            m_models->setItemData(i, QDir::toNativeSeparators(m_models->itemData(i).toString()), Qt::ToolTipRole);
        const int keep = m_models->findData(current);
        m_models->setCurrentIndex(keep >= 0 ? keep : 0);
    }
    m_offersRuns = true;
    m_models->show();
    setModel(m_models->currentData().toString());
}

void EvidenceControls::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_offersRuns)
        offerKnownRuns();
}

NetworkInsidesDialog *EvidenceControls::showInsides()
{
    if (!m_insides) {
        m_insides = new NetworkInsidesDialog(m_view, this);
        m_insides->setModel(m_model);
    }
    m_insides->show();
    m_insides->raise();
    m_insides->activateWindow();
    return m_insides;
}

bool EvidenceControls::isEnabledByUser() const
{
    return m_show->isChecked();
}

void EvidenceControls::setEvidenceShown(bool shown)
{
    m_show->setChecked(shown);
}

QString EvidenceControls::summary() const
{
    return m_summary->text();
}

void EvidenceControls::setSummary(const QString &text)
{
    m_summary->setText(text);
    m_summary->setToolTip(text);
}

// The class box lists the model's classes once the model is loaded; a model with other
// classes resets the choice to "predicted".
void EvidenceControls::showLabels(const QStringList &labels)
{
    if (labels == m_labels)
        return;
    m_labels = labels;
    const QSignalBlocker blocker(m_class);
    m_class->clear();
    m_class->addItem(tr("predicted class"), -1);
    for (int i = 0; i < labels.size(); ++i)
        m_class->addItem(labels[i], i);
}

void EvidenceControls::recompute()
{
    m_jobs->cancel();
    m_view->clearEvidence();
    const int snippet = m_view->selectedSnippet();
    const std::span<const float> values = m_view->snippetValues(snippet);
    if (!m_show->isChecked()) {
        setSummary({});
        return;
    }
    if (m_model.isEmpty()) {
        setSummary(tr("No trained model yet: train one (Train) or open a run (Evaluate)"));
        return;
    }
    if (values.empty()) {
        setSummary(tr("Select a snippet"));
        return;
    }
    Saliency::Options options;
    options.method = Saliency::Method(m_method->currentData().toInt());
    options.classIndex = m_class->currentData().toInt();
    setSummary(tr("Explaining snippet %1…").arg(snippet + 1));
    std::vector<float> copy(values.begin(), values.end());
    m_jobs->run(
        tr("Explaining snippet %1").arg(snippet + 1),
        [cache = m_cache, model = m_model, copy = std::move(copy), options, snippet](ProgressReporter &progress) {
            const std::lock_guard lock(cache->mutex);
            Saliency &saliency = cache->load(model);
            Explained explained;
            Saliency::Options chosen = options;
            if (chosen.classIndex >= saliency.labels().size())
                chosen.classIndex = -1; // a class of the previous model
            explained.map = saliency.explain(copy, chosen, &progress);
            explained.labels = saliency.labels();
            explained.snippet = snippet;
            return explained;
        },
        [this](Explained explained) {
            showLabels(explained.labels);
            if (explained.snippet != m_view->selectedSnippet())
                return; // the selection moved on meanwhile; its own job follows
            m_view->setEvidence(explained.snippet, std::move(explained.map.values));
            const QString text = tr("Evidence for %1 (%2 %) in snippet %3")
                                     .arg(explained.labels.value(explained.map.classIndex))
                                     .arg(100.0 * explained.map.probability, 0, 'f', 1)
                                     .arg(explained.snippet + 1);
            setSummary(text);
            Q_EMIT evidenceShown(text);
        });
}

} // namespace genrelab
