#include "DistributedTraining.h"

#include "OptionValues.h"
#include "ml/EpochMetrics.h"
#include "ml/Trainer.h"
#include "util/Error.h"

#include <cstdio>

namespace genrelab::cli {

QCommandLineOption DistributedTraining::timeoutOption()
{
    return {QStringLiteral("dist-timeout"),
            QStringLiteral("With WORLD_SIZE > 1 (torchrun, srun): seconds a rank waits for the others — to join, "
                           "and in each collective — before it stops naming the lost rank (default 60)."),
            QStringLiteral("S")};
}

DistributedTraining::DistributedTraining(const QCommandLineParser &parser)
{
    try {
        m_environment = DistributedContext::Environment::fromProcess();
    } catch (const Error &error) {
        throw OptionError(error.message());
    }
    m_timeout = std::chrono::seconds(OptionValues(parser).integer(QStringLiteral("dist-timeout"), 1, 86400, 60));
}

void DistributedTraining::checkBatch(int batch) const
{
    if (enabled() && batch % m_environment.worldSize != 0)
        throw OptionError(QStringLiteral("--batch %1 is the global batch and must split evenly over WORLD_SIZE %2 ranks")
                              .arg(batch).arg(m_environment.worldSize));
}

bool DistributedTraining::isCacheBusy(const Error &error)
{
    return error.kind() == Error::Kind::WriteFailed && error.cause().startsWith(QLatin1String("is in use by"));
}

void DistributedTraining::join()
{
    if (enabled())
        m_context = DistributedContext::join(m_environment, m_timeout);
}

void DistributedTraining::attach(Trainer &trainer, const QString &configPath)
{
    if (!m_context)
        return;
    trainer.setDistributed(m_context);
    if (m_context->isMain())
        m_context->recordIn(configPath);
    std::printf("rank %d of %d joined the %s process group (local rank %d, rendezvous %s:%d)\n", m_context->rank(),
                m_context->worldSize(), qPrintable(DistributedContext::backend()), m_environment.localRank,
                qPrintable(m_environment.masterAddress), m_environment.masterPort);
    std::fflush(stdout);
    QObject::connect(&trainer, &Trainer::epochFinished, &m_printer, [context = m_context](const EpochMetrics &metrics) {
        std::printf("rank %d epoch %d params_sha256=%s\n", context->rank(), metrics.epoch,
                    qPrintable(context->paramsSha256(metrics.epoch)));
        std::fflush(stdout);
    });
}

} // namespace genrelab::cli
