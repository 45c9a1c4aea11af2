#pragma once

#include "ColourMap.h"

#include <QStringList>
#include <QWidget>

#include <vector>

namespace genrelab {

// What the classifier answers from each recurrent step alone: a row per class (named),
// a column per time step, coloured by probability (0 dark, the largest shown bright: an
// unsure model's 20 % would be dark on an absolute scale), the predicted
// class's name in bold; under it a strip of how much each step counts in the network's
// answer (the last step alone for the CRNN, attention's weights for crnn-attention).
// Hovering a cell names step, time, class and probability.
// Thread contract: GUI thread.
class StepProbabilityView : public QWidget
{
    Q_OBJECT
public:
    explicit StepProbabilityView(QWidget *parent = nullptr);

    // `probabilities`: steps × classes; `weights`: steps; over `seconds` of audio.
    void setSteps(int steps, const QStringList &labels, std::vector<float> probabilities, std::vector<float> weights,
                  int predicted, double seconds);
    void clear();
    int steps() const { return m_steps; }
    int classes() const { return int(m_labels.size()); }
    float probability(int step, int label) const;
    float largest() const { return m_largest; } // drawn brightest
    // The cell under a point as (step, class); (−1, −1) when none.
    QPoint cellAt(const QPoint &position) const;
    QString describe(const QPoint &cell) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    QRect cellsRect() const;
    QRect weightsRect() const;
    int labelWidth() const;

    int m_steps = 0;
    QStringList m_labels;
    std::vector<float> m_probabilities;
    std::vector<float> m_weights;
    int m_predicted = -1;
    float m_largest = 0.0f;
    double m_seconds = 0.0;
    ColourMap m_map{ColourMap::Name::Viridis};
};

} // namespace genrelab
