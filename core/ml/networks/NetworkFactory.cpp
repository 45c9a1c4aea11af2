#include "NetworkFactory.h"

#include "AttentionCrnnNet.h"
#include "CrnnNet.h"
#include "ml/NetworkNames.h"
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
    {"crnn-attention", [](const CrnnOptions &options) { return std::make_shared<AttentionCrnnNetImpl>(options); }},
};

} // namespace

std::shared_ptr<Network> NetworkFactory::create(const CrnnOptions &options, const QString &name)
{
    const QString wanted = name.isEmpty() ? options.architecture : name;
    for (const Registration &network : kNetworks)
        if (wanted == QLatin1String(network.name))
            return network.create(options);
    throw Error(Error::Kind::Unsupported, {}, QStringLiteral("there is no network called %1").arg(wanted),
                QStringLiteral("use one of: %1").arg(names().join(QStringLiteral(", "))));
}

QStringList NetworkNames::all()
{
    return NetworkFactory::names();
}

std::int64_t NetworkNames::parameterCount(const CrnnOptions &options)
{
    return NetworkFactory::create(options)->parameterCount();
}

QStringList NetworkFactory::names()
{
    QStringList result;
    for (const Registration &network : kNetworks)
        result << QString::fromLatin1(network.name);
    return result;
}

} // namespace genrelab
