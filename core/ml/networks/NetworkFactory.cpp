#include "NetworkFactory.h"

#include "CrnnNet.h"
#include "util/Error.h"

#include <functional>

namespace genrelab {

namespace {

struct Registration
{
    const char *name;
    std::function<std::shared_ptr<Network>(const CrnnOptions &)> create;
};

// One line per architecture. An explicit table, not self-registering statics: the
// linker drops an unreferenced object file of a static library, registrar and all.
const Registration kNetworks[] = {
    {"crnn", [](const CrnnOptions &options) { return std::make_shared<CrnnNetImpl>(options); }},
};

} // namespace

std::shared_ptr<Network> NetworkFactory::create(const CrnnOptions &options, const QString &name)
{
    for (const Registration &network : kNetworks)
        if (name == QLatin1String(network.name))
            return network.create(options);
    throw Error(Error::Kind::Unsupported, {}, QStringLiteral("there is no network called %1").arg(name),
                QStringLiteral("use one of: %1").arg(names().join(QStringLiteral(", "))));
}

QStringList NetworkFactory::names()
{
    QStringList result;
    for (const Registration &network : kNetworks)
        result << QString::fromLatin1(network.name);
    return result;
}

} // namespace genrelab
