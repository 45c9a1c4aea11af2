#include "ColourMap.h"

#include <algorithm>
#include <cmath>

namespace genrelab {

namespace {

struct Rgb { double r, g, b; };

// 6th-degree polynomial fits of matplotlib's viridis and magma (Matt Zucker's fits,
// max error well under one 8-bit step).
Rgb polynomial(const Rgb c[7], double t)
{
    Rgb v = c[6];
    for (int i = 5; i >= 0; --i)
        v = {c[i].r + t * v.r, c[i].g + t * v.g, c[i].b + t * v.b};
    return v;
}

const Rgb kViridis[7] = {{0.2777273272234177, 0.005407344544966578, 0.3340998053353061},
                         {0.1050930431085774, 1.404613529898575, 1.384590162594685},
                         {-0.3308618287255563, 0.214847559468213, 0.09509516302823659},
                         {-4.634230498983486, -5.799100973351585, -19.33244095627987},
                         {6.228269936347081, 14.17993336680509, 56.69055260068105},
                         {4.776384997670288, -13.74514537774601, -65.35303263337234},
                         {-5.435455855934631, 4.645852612178535, 26.3124352495832}};
const Rgb kMagma[7] = {{-0.002136485053939582, -0.000749655052795221, -0.005386127855323933},
                       {0.2516605407371642, 0.6775232436837668, 2.494026599312351},
                       {8.353717279216625, -3.577719514958484, 0.3144679030132573},
                       {-27.66873308576866, 14.26473078096533, -13.64921318813922},
                       {52.17613981234068, -27.94360607168351, 12.94416944238394},
                       {-50.76852536473588, 29.04658282127291, 4.23415299384598},
                       {18.65570506591883, -11.48977351997711, -5.601961508734096}};

} // namespace

ColourMap::ColourMap(Name name)
{
    for (int i = 0; i < 256; ++i) {
        const double t = i / 255.0;
        Rgb c{t, t, t};
        if (name == Name::Viridis)
            c = polynomial(kViridis, t);
        else if (name == Name::Magma)
            c = polynomial(kMagma, t);
        const auto channel = [](double v) { return std::clamp(int(std::lround(v * 255.0)), 0, 255); };
        m_table[std::size_t(i)] = qRgb(channel(c.r), channel(c.g), channel(c.b));
    }
}

QStringList ColourMap::names()
{
    return {QStringLiteral("viridis"), QStringLiteral("magma"), QStringLiteral("grey")};
}

ColourMap::Name ColourMap::fromString(const QString &name)
{
    if (name == QLatin1String("magma"))
        return Name::Magma;
    if (name == QLatin1String("grey"))
        return Name::Grey;
    return Name::Viridis;
}

QRgb ColourMap::at(double t) const
{
    return m_table[std::size_t(std::clamp(int(t * 255.0 + 0.5), 0, 255))];
}

} // namespace genrelab
