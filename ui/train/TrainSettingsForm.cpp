#include "TrainSettingsForm.h"

#include "data/DataSplit.h"
#include "ml/NetworkNames.h"
#include "ml/TrainingPresets.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QSettings>
#include <QSpinBox>
#include <QThread>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace genrelab {

namespace {

QString key(const char *name)
{
    return QStringLiteral("train/") + QLatin1String(name);
}

} // namespace

TrainSettingsForm::TrainSettingsForm(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(createBasic());
    m_moreToggle = new QToolButton(this);
    m_moreToggle->setObjectName(QStringLiteral("moreSettingsToggle"));
    m_moreToggle->setText(tr("More settings"));
    m_moreToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_moreToggle->setAutoRaise(true);
    m_moreToggle->setCheckable(true);
    m_moreToggle->setToolTip(tr("Network, regularisation, early stopping and the final refit"));
    // The recipe menu shares the toggle's row: the form keeps its height on a small screen.
    auto *toggleRow = new QHBoxLayout;
    toggleRow->addWidget(m_moreToggle);
    toggleRow->addStretch(1);
    toggleRow->addWidget(createRecipeButton());
    layout->addLayout(toggleRow);
    layout->addWidget(createMore());
    m_widgets << m_recipe;
    // Folded by default so the form, the buttons and the epoch table fit a small screen.
    const auto fold = [this](bool open) {
        m_more->setVisible(open);
        m_moreToggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    };
    connect(m_moreToggle, &QToolButton::toggled, this, [fold](bool open) {
        fold(open);
        QSettings().setValue(key("moreSettings"), open);
    });
    m_moreToggle->setChecked(QSettings().value(key("moreSettings"), false).toBool());
    fold(m_moreToggle->isChecked());
    connect(m_split, &QComboBox::currentIndexChanged, this, &TrainSettingsForm::applySplitRules);
    applySplitRules();
}

// The menu's words for a core preset; one the GUI has no words for yet shows its name.
QString TrainSettingsForm::presetTitle(const QString &name)
{
    if (name == QLatin1String("study"))
        return tr("The study's recipe (its leaky split)");
    if (name == QLatin1String("recommended"))
        return tr("Recommended (cross-validated)");
    return name;
}

QToolButton *TrainSettingsForm::createRecipeButton()
{
    m_recipe = new QToolButton(this);
    m_recipe->setObjectName(QStringLiteral("recipeButton"));
    m_recipe->setText(tr("Recipe"));
    m_recipe->setPopupMode(QToolButton::InstantPopup);
    m_recipe->setToolTip(tr("Fill in every setting with a named recipe (the command line's --preset)"));
    auto *menu = new QMenu(m_recipe);
    menu->setToolTipsVisible(true);
    for (const QString &name : TrainingPresets::names()) {
        QAction *action = menu->addAction(presetTitle(name));
        action->setObjectName(QStringLiteral("preset-") + name);
        action->setToolTip(TrainingPresets::description(name));
        connect(action, &QAction::triggered, this, [this, name] { applyPreset(name); });
    }
    m_recipe->setMenu(menu);
    return m_recipe;
}

void TrainSettingsForm::applyPreset(const QString &name)
{
    TrainingConfig base = config();
    base.epochs = TrainingConfig{}.epochs; // the recipe's own count, not the form's last
    setConfig(TrainingPresets::apply(name, base));
    m_moreToggle->setChecked(true);
}

QSpinBox *TrainSettingsForm::spin(int low, int high, const QString &name, int fallback, const QString &tip)
{
    auto *s = new QSpinBox(this);
    s->setRange(low, high);
    s->setValue(QSettings().value(name, fallback).toInt());
    s->setToolTip(tip);
    return s;
}

QDoubleSpinBox *TrainSettingsForm::number(double low, double high, int decimals, const QString &name, double fallback,
                                          const QString &tip)
{
    auto *s = new QDoubleSpinBox(this);
    s->setDecimals(decimals);
    s->setRange(low, high);
    s->setSingleStep(std::pow(10.0, 1 - decimals));
    s->setValue(QSettings().value(name, fallback).toDouble());
    s->setToolTip(tip);
    return s;
}

QWidget *TrainSettingsForm::createBasic()
{
    auto *box = new QWidget(this);
    auto *form = new QFormLayout(box);
    form->setContentsMargins(0, 0, 0, 0);
    m_split = new QComboBox(box);
    m_split->addItem(tr("by track (80/10/10)"), QStringLiteral("track"));
    m_split->addItem(tr("by artist (80/10/10)"), QStringLiteral("artist"));
    m_split->addItem(tr("fault-filtered GTZAN"), QStringLiteral("filtered"));
    m_split->addItem(tr("FMA's own (set.split)"), QStringLiteral("official"));
    m_split->addItem(tr("the study's (shuffled snippets)"), QStringLiteral("seed"));
    m_split->setToolTip(tr("Which tracks train, validate and test the network. By track: every snippet of a track "
                           "stays on one side, so the test accuracy is honest. By artist: every artist's tracks "
                           "stay on one side (artist tag, else album artist), so the test is on artists the network "
                           "never heard. Fault-filtered: GTZAN without its "
                           "known duplicates and mislabelled clips. The study's: snippets shuffled, so one track "
                           "lands in training and test (it leaks, and flatters the accuracy). FMA's own: the "
                           "training/validation/test partition in FMA's tracks.csv."));
    m_split->setCurrentIndex(std::max(0, m_split->findData(QSettings().value(key("split"), QStringLiteral("track")))));
    m_leakWarning = new QLabel(DataSplit::leakageWarning(), box);
    m_leakWarning->setWordWrap(true);
    m_leakWarning->setStyleSheet(QStringLiteral("color: #b03a2e"));
    m_epochs = spin(1, 1000, key("epochs"), 25, tr("Passes over the training snippets"));
    m_batch = spin(1, 1024, key("batch"), 64, tr("Snippets per optimisation step"));
    m_learningRate = number(0.00001, 1.0, 5, key("lr"), 0.001, tr("Adam's learning rate"));
    m_learningRate->setSingleStep(0.0001);
    m_cell = new QComboBox(box);
    m_cell->addItems({QStringLiteral("GRU"), QStringLiteral("LSTM")});
    m_cell->setCurrentIndex(QSettings().value(key("cell"), 0).toInt());
    m_cell->setToolTip(tr("Recurrent layer of the CRNN (the study compared both)"));
    m_augment = new QCheckBox(tr("time shift + masking"), box);
    m_augment->setChecked(QSettings().value(key("augment"), false).toBool());
    m_seed = spin(0, 1000000, key("seed"), 1, tr("Same seed, same data, one thread: same curves"));
    m_threads = spin(1, QThread::idealThreadCount(), key("threads"), QThread::idealThreadCount(), tr("LibTorch threads"));
    form->addRow(tr("Split"), m_split);
    form->addRow(m_leakWarning);
    form->addRow(tr("Epochs"), m_epochs);
    form->addRow(tr("Batch"), m_batch);
    form->addRow(tr("Learning rate"), m_learningRate);
    form->addRow(tr("Cell"), m_cell);
    form->addRow(tr("Augmentation"), m_augment);
    // Seed and threads share a row: with More settings open the form still fits 700 px.
    auto *seedRow = new QHBoxLayout;
    seedRow->addWidget(m_seed, 1);
    seedRow->addWidget(new QLabel(tr("Threads"), box));
    seedRow->addWidget(m_threads, 1);
    form->addRow(tr("Seed"), seedRow);
    m_widgets = {m_split, m_epochs, m_batch, m_learningRate, m_cell, m_augment, m_seed, m_threads};
    return box;
}

QWidget *TrainSettingsForm::createMore()
{
    const TrainingConfig defaults;
    m_more = new QWidget(this);
    m_more->setObjectName(QStringLiteral("moreSettings"));
    auto *grid = new QGridLayout(m_more);
    grid->setContentsMargins(0, 0, 0, 0);
    m_network = new QComboBox(m_more);
    m_network->setObjectName(QStringLiteral("network"));
    m_network->addItems(NetworkNames::all()); // the registered ones: a new network appears here by itself
    m_network->setCurrentIndex(std::max(0, m_network->findText(QSettings().value(key("network"), defaults.network.architecture).toString())));
    m_network->setToolTip(tr("Architecture: crnn is the study's network; the others are registered alternatives"));
    m_dropout = number(0.0, 0.95, 2, key("dropout"), defaults.network.dropout, tr("Share of activations dropped before the dense layers while training (0: off)"));
    m_dropout->setObjectName(QStringLiteral("dropout"));
    m_weightDecay = number(0.0, 1.0, 5, key("weightDecay"), defaults.weightDecay, tr("Adam weight decay: pulls weights towards 0 (0: off)"));
    m_weightDecay->setObjectName(QStringLiteral("weightDecay"));
    m_mixup = number(0.0, 10.0, 2, key("mixup"), defaults.mixup, tr("Blend each batch with itself shifted by one, weight ~ Beta(α, α) (0: off)"));
    m_mixup->setObjectName(QStringLiteral("mixup"));
    m_earlyStopping = spin(0, 10000, key("earlyStopping"), defaults.earlyStopping, tr("Stop after this many epochs without a better validation accuracy (0: off)"));
    m_earlyStopping->setObjectName(QStringLiteral("earlyStopping"));
    m_earlyStopping->setSpecialValueText(tr("off"));
    m_refit = new QCheckBox(tr("Final model: then refit on train + validation"), m_more);
    m_refit->setObjectName(QStringLiteral("refit"));
    m_refit->setChecked(QSettings().value(key("refit"), false).toBool());
    // Two settings a row, so that opening this section costs four rows, not six.
    const auto label = [this](const QString &text, QWidget *buddy) {
        auto *l = new QLabel(text, m_more);
        l->setBuddy(buddy);
        return l;
    };
    grid->addWidget(label(tr("Network"), m_network), 0, 0);
    grid->addWidget(m_network, 0, 1, 1, 3);
    grid->addWidget(label(tr("Dropout"), m_dropout), 1, 0);
    grid->addWidget(m_dropout, 1, 1);
    grid->addWidget(label(tr("Weight decay"), m_weightDecay), 1, 2);
    grid->addWidget(m_weightDecay, 1, 3);
    grid->addWidget(label(tr("Mixup α"), m_mixup), 2, 0);
    grid->addWidget(m_mixup, 2, 1);
    grid->addWidget(label(tr("Early stop"), m_earlyStopping), 2, 2);
    grid->addWidget(m_earlyStopping, 2, 3);
    grid->addWidget(m_refit, 3, 0, 1, 4);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    m_widgets << m_network << m_dropout << m_weightDecay << m_mixup << m_earlyStopping << m_refit;
    return m_more;
}

// The seed split warns of its leak, and cannot refit: its validation snippets come from
// the test tracks, so "train + validation" would train on the test.
void TrainSettingsForm::applySplitRules()
{
    const bool seed = m_split->currentData().toString() == QLatin1String("seed");
    m_leakWarning->setVisible(seed);
    m_refit->setEnabled(!m_locked && !seed);
    m_refit->setToolTip(seed ? tr("Not with the study's split: its validation snippets come from the test tracks, so "
                                  "a refit would train on the test")
                             : tr("After the run, train a fresh model on train + validation for the epoch count "
                                  "validation chose; it becomes the run's model. The test figure stays the one "
                                  "measured before"));
}

void TrainSettingsForm::setLocked(bool locked)
{
    m_locked = locked;
    for (QWidget *w : m_widgets)
        w->setEnabled(!locked);
    applySplitRules();
}

TrainingConfig TrainSettingsForm::config() const
{
    TrainingConfig config;
    config.split = *DataSplit::parseKind(m_split->currentData().toString());
    config.epochs = m_epochs->value();
    config.batch = m_batch->value();
    config.learningRate = m_learningRate->value();
    config.weightDecay = m_weightDecay->value();
    config.earlyStopping = m_earlyStopping->value();
    config.augment = m_augment->isChecked();
    config.mixup = m_mixup->value();
    config.seed = std::uint64_t(m_seed->value());
    config.threads = m_threads->value();
    config.network.cell = m_cell->currentIndex() == 1 ? CrnnOptions::Cell::Lstm : CrnnOptions::Cell::Gru;
    config.network.architecture = m_network->currentText();
    config.network.dropout = m_dropout->value();
    config.refit = m_refit->isChecked() && config.split != DataSplit::Kind::Seed;
    return config;
}

void TrainSettingsForm::setConfig(const TrainingConfig &config)
{
    m_split->setCurrentIndex(std::max(0, m_split->findData(DataSplit::kindName(config.split))));
    m_epochs->setValue(config.epochs);
    m_batch->setValue(config.batch);
    m_learningRate->setValue(config.learningRate);
    m_weightDecay->setValue(config.weightDecay);
    m_earlyStopping->setValue(config.earlyStopping);
    m_augment->setChecked(config.augment);
    m_mixup->setValue(config.mixup);
    m_seed->setValue(int(config.seed));
    m_cell->setCurrentIndex(config.network.cell == CrnnOptions::Cell::Lstm ? 1 : 0);
    m_network->setCurrentIndex(std::max(0, m_network->findText(config.network.architecture)));
    m_dropout->setValue(config.network.dropout);
    m_refit->setChecked(config.refit);
    applySplitRules();
}

void TrainSettingsForm::save() const
{
    QSettings settings;
    settings.setValue(key("split"), m_split->currentData());
    settings.setValue(key("epochs"), m_epochs->value());
    settings.setValue(key("batch"), m_batch->value());
    settings.setValue(key("lr"), m_learningRate->value());
    settings.setValue(key("cell"), m_cell->currentIndex());
    settings.setValue(key("augment"), m_augment->isChecked());
    settings.setValue(key("seed"), m_seed->value());
    settings.setValue(key("threads"), m_threads->value());
    settings.setValue(key("network"), m_network->currentText());
    settings.setValue(key("dropout"), m_dropout->value());
    settings.setValue(key("weightDecay"), m_weightDecay->value());
    settings.setValue(key("mixup"), m_mixup->value());
    settings.setValue(key("earlyStopping"), m_earlyStopping->value());
    settings.setValue(key("refit"), m_refit->isChecked());
}

} // namespace genrelab
