#include "ChartPalette.h"

namespace genrelab {

namespace {
constexpr QRgb kTableau10[] = {0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f,
                               0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac};
} // namespace

QColor ChartPalette::training() { return QColor(kTableau10[0]); }
QColor ChartPalette::batch() { return QColor(kTableau10[3]); }
QColor ChartPalette::validation() { return QColor(kTableau10[2]); }
QColor ChartPalette::grid() { return QColor(225, 225, 225); }

QColor ChartPalette::series(int index)
{
    const int i = index < 0 ? 0 : index;
    const QColor base(kTableau10[i % 10]);
    return i < 10 ? base : base.darker(100 + 30 * (i / 10));
}

} // namespace genrelab
