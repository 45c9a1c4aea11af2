#include "EvidenceImage.h"

#include "dsp/FeatureContract.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace genrelab {

namespace {
using C = FeatureContract;

// Darker where louder, so that print and screen both read the overlay's colours on it.
QRgb grey(float value)
{
    const int level = 235 - int(std::lround(170.0 * std::clamp(double(value), 0.0, 1.0)));
    return qRgb(level, level, level);
}

QRgb overlay(float value, float largest)
{
    const double strength = largest > 0.0f && std::isfinite(value) ? std::min(1.0, std::abs(double(value)) / largest) : 0.0;
    // Squared: a cell at a third of the largest is nearly clear, so the strong ones stand out.
    const int alpha = int(std::lround(230.0 * strength * strength));
    return value >= 0 ? qRgba(255, int(220 * (1.0 - strength)), 0, alpha) : qRgba(40, 140, 255, alpha);
}
} // namespace

QImage EvidenceImage::render(std::span<const float> mel, std::span<const float> saliency, int scale)
{
    if (mel.size() != C::valuesPerSnippet || saliency.size() != C::valuesPerSnippet)
        return {};
    float largest = 0.0f;
    for (float v : saliency)
        if (std::isfinite(v))
            largest = std::max(largest, std::abs(v));
    QImage base(C::frames, C::nMels, QImage::Format_RGB32);
    QImage map(C::frames, C::nMels, QImage::Format_ARGB32);
    for (int band = 0; band < C::nMels; ++band) {
        auto *baseLine = reinterpret_cast<QRgb *>(base.scanLine(C::nMels - 1 - band));
        auto *mapLine = reinterpret_cast<QRgb *>(map.scanLine(C::nMels - 1 - band));
        for (int f = 0; f < C::frames; ++f) {
            const std::size_t i = std::size_t(f) * C::nMels + std::size_t(band);
            baseLine[f] = grey(mel[i]);
            mapLine[f] = overlay(saliency[i], largest);
        }
    }
    QPainter painter(&base);
    painter.drawImage(0, 0, map);
    painter.end();
    return base.scaled(C::frames * std::max(1, scale), C::nMels * std::max(1, scale));
}

} // namespace genrelab
