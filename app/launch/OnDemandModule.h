#pragma once

#include <QFunctionPointer>
#include <QString>

namespace genrelab {

// A part of GenreLab built as a loadable module (add_library(MODULE)) so that the
// executable starts without what the module links — LibTorch, which Debian's build makes
// drag OpenCV and Qt 5 along (issue 24, item 4). The module lies next to the executable
// in the build tree, and in GENRELAB_MODULE_DIR (relative to the executable: the install
// prefix's lib dir, then genrelab/) when installed. Loaded once and never unloaded.
// Thread contract: main thread.
class OnDemandModule
{
public:
    explicit OnDemandModule(QString fileName);

    // The entry point `symbol`, loading the module first; null on failure, with
    // errorString() naming the file and the loader's reason.
    QFunctionPointer resolve(const char *symbol);
    QString errorString() const { return m_error; }

    // Where the module is looked for, first match wins.
    QStringList candidates() const;

private:
    QString m_fileName;
    QString m_error;
};

} // namespace genrelab
