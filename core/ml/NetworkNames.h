#pragma once

#include "CrnnOptions.h"

#include <QStringList>

#include <cstdint>

namespace genrelab {

// The registered networks (NetworkFactory) seen from outside core/ml, without LibTorch:
// the CLI's --network choices and the parameter count it shows come from the one table.
// Thread contract: stateless.
class NetworkNames
{
public:
    static QStringList all();
    // Trainable values of the network `options` builds (architecture included).
    // Throws Error(Unsupported) for an unknown architecture.
    static std::int64_t parameterCount(const CrnnOptions &options);
};

} // namespace genrelab
