#include "PyTorchExport.h"

#include "Inference.h"
#include "RunDirectory.h"
#include "dsp/FeatureContract.h"
#include "util/CheckedSaveFile.h"
#include "util/Error.h"

#include <torch/serialize.h>

namespace genrelab {

namespace {

c10::Dict<std::string, torch::Tensor> stateDict(const std::shared_ptr<Network> &net)
{
    c10::Dict<std::string, torch::Tensor> state;
    net->setChannelsLast(false);
    for (const auto &item : net->named_parameters())
        state.insert(item.key(), item.value().detach().to(torch::kCPU).contiguous().clone());
    for (const auto &item : net->named_buffers())
        state.insert(item.key(), item.value().to(torch::kCPU).contiguous().clone());
    return state;
}

c10::impl::GenericDict contract()
{
    using C = FeatureContract;
    c10::impl::GenericDict c(c10::StringType::get(), c10::AnyType::get());
    c.insert("version", std::int64_t(C::version));
    c.insert("sample_rate", std::int64_t(C::sampleRate));
    c.insert("snippet_samples", std::int64_t(C::snippetSamples));
    c.insert("n_fft", std::int64_t(C::nFft));
    c.insert("hop", std::int64_t(C::hop));
    c.insert("n_mels", std::int64_t(C::nMels));
    c.insert("frames", std::int64_t(C::frames));
    c.insert("mel_scale", std::string("slaney"));
    c.insert("input_shape", std::string("[batch, 1, 130 (time), 100 (mel)]"));
    return c;
}

} // namespace

void PyTorchExport::write(const QString &runDir, const QString &outPath)
{
    const RunDirectory run(runDir);
    const TrainingConfig config = run.readConfig();
    if (config.network.cell != CrnnOptions::Cell::Gru)
        throw Error(Error::Kind::Unsupported, runDir, QStringLiteral("only GRU networks match the Python CRNN module"),
                    QStringLiteral("train with --cell gru to export for PyTorch"));
    const QStringList labels = run.readLabels();
    const std::shared_ptr<Network> net = loadBestModel(run, int(labels.size()));

    c10::impl::GenericList classes(c10::StringType::get());
    for (const QString &label : labels)
        classes.push_back(label.toStdString());
    c10::impl::GenericDict root(c10::StringType::get(), c10::AnyType::get());
    root.insert("state_dict", stateDict(net));
    root.insert("classes", classes);
    root.insert("contract", contract());
    root.insert("architecture", std::string("genrelab CRNN (peer_train.py layout), hidden 64"));
    const std::vector<char> bytes = torch::pickle_save(c10::IValue(root));
    CheckedSaveFile::save(outPath, QByteArray(bytes.data(), qsizetype(bytes.size())));
}

} // namespace genrelab
