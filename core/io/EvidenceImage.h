#pragma once

#include <QImage>

#include <span>

namespace genrelab {

// One snippet's features with a saliency map laid over them, for the report: the mel
// spectrogram in grey (time → right, low bands at the bottom, as Explore draws it) and
// the map relative to its largest magnitude — yellow to red where cells speak for the
// class, blue where against, weak cells clear — as Explore's Evidence overlay reads.
// Thread contract: stateless; needs a QGuiApplication only to save the image as PNG.
class EvidenceImage
{
public:
    // `mel` and `saliency`: FeatureContract::frames × nMels values each (row-major, as
    // `mel` and Saliency write them); `scale` pixels per cell.
    static QImage render(std::span<const float> mel, std::span<const float> saliency, int scale = 2);
};

} // namespace genrelab
