#pragma once

#include "ml/TrainingConfig.h"

#include <QList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QToolButton;

namespace genrelab {

// The Train workspace's run settings: split (with the seed split's leakage warning),
// epochs, batch, learning rate, cell, augmentation, seed, threads, and under a
// collapsible "More settings" the network, dropout, weight decay, mixup α, early
// stopping and the refit on train + validation. Every value is remembered (QSettings
// "train/…"); the networks offered are the core's registered ones (NetworkNames).
// The refit is offered only for splits by track: the seed split's validation snippets
// come from the test tracks. The Recipe menu fills the whole form with a preset of the
// core's (TrainingPresets: the study's, the cross-validated recommended one), the same
// recipes as the CLI's --preset.
// Thread contract: GUI thread.
class TrainSettingsForm : public QWidget
{
    Q_OBJECT
public:
    explicit TrainSettingsForm(QWidget *parent = nullptr);

    // The run the form describes, without its dataset.
    TrainingConfig config() const;
    // Shows `config`'s recipe (not its dataset; threads stay the form's).
    void setConfig(const TrainingConfig &config);
    // Fills the form with the preset `name` (TrainingPresets::names()) and opens More
    // settings, where most of what it changes is.
    void applyPreset(const QString &name);
    void save() const;
    // Locked while a run goes: its settings would be ignored.
    void setLocked(bool locked);
    QList<QWidget *> widgets() const { return m_widgets; }
    QSpinBox *epochsBox() const { return m_epochs; }
    QComboBox *networkBox() const { return m_network; }
    QCheckBox *refitBox() const { return m_refit; }
    QWidget *moreSettings() const { return m_more; }
    QToolButton *recipeButton() const { return m_recipe; }

private:
    QWidget *createBasic();
    QWidget *createMore();
    QToolButton *createRecipeButton();
    static QString presetTitle(const QString &name);
    QSpinBox *spin(int low, int high, const QString &key, int fallback, const QString &tip);
    QDoubleSpinBox *number(double low, double high, int decimals, const QString &key, double fallback, const QString &tip);
    void applySplitRules();

    QComboBox *m_split;
    QLabel *m_leakWarning;
    QSpinBox *m_epochs;
    QSpinBox *m_batch;
    QDoubleSpinBox *m_learningRate;
    QComboBox *m_cell;
    QCheckBox *m_augment;
    QSpinBox *m_seed;
    QSpinBox *m_threads;
    QComboBox *m_network;
    QDoubleSpinBox *m_dropout;
    QDoubleSpinBox *m_weightDecay;
    QDoubleSpinBox *m_mixup;
    QSpinBox *m_earlyStopping;
    QCheckBox *m_refit;
    QToolButton *m_moreToggle;
    QToolButton *m_recipe;
    QWidget *m_more;
    QList<QWidget *> m_widgets;
    bool m_locked = false;
};

} // namespace genrelab
