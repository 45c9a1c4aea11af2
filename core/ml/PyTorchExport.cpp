#include "PyTorchExport.h"

#include "BundleConverter.h"
#include "PtFile.h"
#include "SafetensorsFile.h"

namespace genrelab {

void PyTorchExport::write(const QString &runDir, const QString &outPath)
{
    const ModelBundle bundle = BundleConverter::fromRun(runDir);
    if (outPath.endsWith(QLatin1String(".safetensors"), Qt::CaseInsensitive))
        SafetensorsFile::write(bundle, outPath);
    else
        PtFile::write(bundle, outPath);
}

} // namespace genrelab
