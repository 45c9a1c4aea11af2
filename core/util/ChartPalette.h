#pragma once

#include <QColor>

namespace genrelab {

// The colours of every chart, on screen (ui/charts: the Train curves, the Evaluate run
// overlay, the probability timelines) and in reports (ReportChart), so that a curve or a
// class has one colour wherever a student meets it. Tableau 10: ten distinct hues,
// readable on white, kinder than the classic palettes to red–green colour blindness.
// Thread contract: stateless.
class ChartPalette
{
public:
    static QColor training();   // training loss and accuracy per epoch
    static QColor batch();      // the loss of each training batch (raw and smoothed)
    static QColor validation(); // validation loss and accuracy
    static QColor grid();       // grid lines behind the curves
    // The colour of the n-th class or run; after ten, the hues repeat darker.
    static QColor series(int index);
};

} // namespace genrelab
