#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;
class QToolButton;

namespace genrelab {

class JobRunner;
class NetworkInsidesDialog;
class SpectrogramView;
struct SaliencyCache;

// "What did it listen to?" under a spectrogram: when Evidence is on, the selected
// snippet's saliency map for a class (the predicted one unless another is chosen) is
// computed on a worker by the chosen method and laid over the snippet in `view`, again
// whenever the selection, the method, the class or the model changes (the latest wins,
// the window never waits). Method and opacity are remembered.
// The model is a run folder or a bundle: given by the owner (Evaluate: the open run), or
// chosen here among the runs GenreLab knows (Explore, after offerKnownRuns()).
// Thread contract: GUI thread; the network runs on a pool thread, one job at a time.
class EvidenceControls : public QWidget
{
    Q_OBJECT
public:
    explicit EvidenceControls(SpectrogramView *view, QWidget *parent = nullptr);
    ~EvidenceControls() override;

    // A run folder or .genrelab bundle; empty: no model (Evidence says why).
    void setModel(const QString &path);
    const QString &model() const { return m_model; }
    // Lists the runs of RunIndex (newest first) in a model box; re-read whenever the
    // controls are shown again or Evidence is switched on (a run may have finished).
    void offerKnownRuns();

    bool isEnabledByUser() const;
    void setEvidenceShown(bool shown);
    QCheckBox *showBox() const { return m_show; }
    QComboBox *methodBox() const { return m_method; }
    QComboBox *classBox() const { return m_class; }
    QComboBox *modelBox() const { return m_models; }
    QSlider *opacitySlider() const { return m_opacity; }
    QString summary() const;
    // "Inside…": the network's insides for the selected snippet, with this row's model,
    // in a window that follows the selection (made on first use).
    QToolButton *insidesButton() const { return m_insidesButton; }
    NetworkInsidesDialog *showInsides();
    NetworkInsidesDialog *insidesDialog() const { return m_insides; }

Q_SIGNALS:
    // A map is on the view (its class and the probability of that class), or why not.
    void evidenceShown(const QString &summary);
    void status(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void recompute();
    void showLabels(const QStringList &labels);
    void setSummary(const QString &text);

    SpectrogramView *m_view;
    QCheckBox *m_show;
    QComboBox *m_models;
    QComboBox *m_method;
    QComboBox *m_class;
    QSlider *m_opacity;
    QLabel *m_summary;
    QToolButton *m_insidesButton;
    NetworkInsidesDialog *m_insides = nullptr;
    JobRunner *m_jobs;
    std::shared_ptr<SaliencyCache> m_cache; // the loaded network, shared with the worker
    QString m_model;
    QStringList m_labels; // of the model, once loaded
    bool m_offersRuns = false;
};

} // namespace genrelab
