#pragma once

#include <QColor>
#include <QString>
#include <QStringList>

#include <array>

namespace genrelab {

// Perceptually uniform colour maps for spectrograms (viridis, magma, grey), as
// 256-entry lookup tables built once from polynomial fits of matplotlib's maps.
// Thread contract: immutable after construction.
class ColourMap
{
public:
    enum class Name { Viridis, Magma, Grey };

    explicit ColourMap(Name name = Name::Viridis);
    static QStringList names();
    static Name fromString(const QString &name);

    // t in [0, 1] (clamped).
    QRgb at(double t) const;
    const std::array<QRgb, 256> &table() const { return m_table; }

private:
    std::array<QRgb, 256> m_table{};
};

} // namespace genrelab
