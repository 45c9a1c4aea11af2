#pragma once

#include "ModelBundle.h"

#include <QString>
#include <QStringList>

namespace genrelab {

// A model trained elsewhere (a torch.save'd state_dict or a safetensors file with
// GenreLab's parameter names, e.g. from python/genrelab) as a ModelBundle that predict,
// tag, explain and the GUI open. Everything is checked before a number is used: the
// file's structure (PtFile, SafetensorsFile), the preprocessing contract (the file's
// must be this GenreLab's; a file without one is taken only when the caller vouches
// for it), the architecture (from the file's description or the weights' names and
// shapes), every tensor's name and shape against the network, finite values, and the
// class names against the output layer.
// Thread contract: stateless; blocks.
class ModelImport
{
public:
    struct Options
    {
        QStringList classes;          // overrides or supplies the file's class names
        bool assumeContract = false;  // a file that names no contract was made for this one
    };

    // Throws Error: what the readers throw, Unsupported for another contract or
    // architecture, Corrupt for weights that do not fit the network, InvalidArgument
    // for missing class names or a contract the file lacks.
    static ModelBundle fromFile(const QString &path, const Options &options);
};

} // namespace genrelab
