#include "NetworkInputPanel.h"

#include "audio/AudioDecoder.h"
#include "dsp/FeatureContract.h"
#include "dsp/SpectrogramPreview.h"
#include "jobs/JobRunner.h"
#include "views/MatrixImageView.h"

#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>

namespace genrelab {

namespace {
using C = FeatureContract;
constexpr int kHopStep = 64;
} // namespace

NetworkInputPanel::NetworkInputPanel(QWidget *parent)
    : QWidget(parent)
    , m_linear(new MatrixImageView(this))
    , m_mel(new MatrixImageView(this))
    , m_bands(new QSlider(Qt::Horizontal, this))
    , m_hop(new QSlider(Qt::Horizontal, this))
    , m_settings(new QLabel(this))
    , m_snippetName(new QLabel(tr("No snippet selected"), this))
    , m_decoding(new JobRunner(JobRunner::Policy::LatestWins, this))
{
    m_linear->setTitle(tr("Linear frequency: 1 025 FFT bins, 0–11 025 Hz"));
    m_mel->setTitle(tr("Mel scale: what the network receives"));
    m_linear->setAxes(tr("time in the snippet (s)"), C::snippetSeconds(), tr("frequency (Hz)"), C::sampleRate / 2.0);
    m_mel->setAxes(tr("time in the snippet (s)"), C::snippetSeconds(), tr("mel band"), C::nMels);
    QFont bold = m_snippetName->font();
    bold.setBold(true);
    m_snippetName->setFont(bold);
    m_snippetName->setObjectName(QStringLiteral("snippetName"));
    m_snippetName->setWordWrap(true);
    m_snippetName->setMinimumWidth(100); // a long file name wraps, never widens the window
    auto *images = new QHBoxLayout;
    images->addWidget(m_linear);
    images->addWidget(m_mel);

    m_bands->setRange(16, 256);
    m_bands->setToolTip(tr("Mel bands of the preview (the contract uses 100)"));
    m_hop->setRange(128 / kHopStep, 2048 / kHopStep);
    m_hop->setToolTip(tr("Hop between frames in samples, for the preview (the contract uses 512)"));
    auto *reset = new QPushButton(tr("Contract"), this);
    reset->setToolTip(tr("Back to the contract's 100 bands and hop 512"));
    auto *controls = new QGridLayout;
    controls->addWidget(new QLabel(tr("Mel bands"), this), 0, 0);
    controls->addWidget(m_bands, 0, 1);
    controls->addWidget(new QLabel(tr("Hop"), this), 1, 0);
    controls->addWidget(m_hop, 1, 1);
    controls->addWidget(reset, 0, 2, 2, 1);

    auto *contract = new QLabel(tr("<b>Preprocessing contract v%1</b>: decode, average channels, resample to 22 050 Hz · "
                                   "3-s snippets of 66 150 samples · STFT n_fft 2048, hop 512, periodic Hann, centred "
                                   "with zero padding → 130 frames · power spectrum · 100 Slaney mel bands (0–11 025 Hz, "
                                   "area-normalised) · dB below the snippet's maximum, floored at −80 · scaled to 0.001…1.001")
                                    .arg(C::version),
                                this);
    contract->setWordWrap(true);
    contract->setMinimumWidth(200);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(contract);
    layout->addWidget(m_snippetName);
    layout->addLayout(images, 1);
    layout->addLayout(controls);
    layout->addWidget(m_settings);

    connect(m_bands, &QSlider::valueChanged, this, &NetworkInputPanel::render);
    connect(m_hop, &QSlider::valueChanged, this, &NetworkInputPanel::render);
    connect(reset, &QPushButton::clicked, this, &NetworkInputPanel::resetToContract);
    connect(m_decoding, &JobRunner::failed, this, [this](const QString &message) {
        m_samples.clear();
        m_linear->setMatrix(0, 0, {});
        m_mel->setMatrix(0, 0, {});
        m_settings->setText(tr("Cannot show this snippet: %1").arg(message));
        Q_EMIT status(message);
    });
    resetToContract();
}

int NetworkInputPanel::previewBands() const { return m_bands->value(); }
int NetworkInputPanel::previewHop() const { return m_hop->value() * kHopStep; }

void NetworkInputPanel::resetToContract()
{
    m_bands->setValue(C::nMels);
    m_hop->setValue(C::hop / kHopStep);
    render();
}

QString NetworkInputPanel::snippetName() const
{
    return m_snippetName->text();
}

void NetworkInputPanel::setSnippet(const QString &path, int snippet, double start, int snippetCount)
{
    m_snippetName->setText(tr("%1 — snippet %2%3, %4–%5 s")
                               .arg(QFileInfo(path).fileName()).arg(snippet + 1)
                               .arg(snippetCount > 0 ? tr(" of %1").arg(snippetCount) : QString())
                               .arg(start, 0, 'g', 4).arg(start + C::snippetSeconds(), 0, 'g', 4));
    m_decoding->run(
        tr("Decoding the snippet"),
        [path, start](ProgressReporter &) {
            return AudioDecoder::decode(path, start, C::snippetSeconds()).samples;
        },
        [this](std::vector<float> samples) {
            m_samples = std::move(samples);
            render();
        });
}

void NetworkInputPanel::render()
{
    m_settings->setText(tr("Preview: %1 mel bands, hop %2 samples (%3 ms)%4")
                            .arg(previewBands()).arg(previewHop()).arg(1000.0 * previewHop() / C::sampleRate, 0, 'f', 1)
                            .arg(previewBands() == C::nMels && previewHop() == C::hop ? tr(" — exactly the network's input")
                                                                                      : tr(" — for comparison only")));
    if (m_samples.empty())
        return;
    // A few milliseconds for one 3-s snippet: cheap enough to follow a slider live.
    const auto linear = SpectrogramPreview::linear(m_samples, previewHop());
    m_linear->setMatrix(linear.frames, linear.bins, linear.values);
    const auto mel = SpectrogramPreview::mel(m_samples, previewHop(), previewBands());
    m_mel->setMatrix(mel.frames, mel.bins, mel.values);
    m_mel->setAxes(tr("time in the snippet (s)"), C::snippetSeconds(), tr("mel band"), mel.bins);
    m_mel->setCaption(tr("%1 frames × %2 mel bands").arg(mel.frames).arg(mel.bins));
}

} // namespace genrelab
