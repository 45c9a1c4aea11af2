// The module layering, read from the source tree: every quoted #include in core/, ui/
// and app/ is resolved to the file it names and must point to the same module or a lower
// one. Same-level modules may not include each other except for the pairs listed here,
// each with the reason it is sound. Also: core never includes a Widgets, Charts or
// Multimedia header, and only core/ml includes LibTorch.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLibraryInfo>
#include <QRegularExpression>
#include <QTest>

namespace {

// Lower levels first: a module may include its own level only through allowedSameLevel.
const QHash<QString, int> kLevel{{QStringLiteral("util"), 0},
                                 {QStringLiteral("audio"), 1}, {QStringLiteral("dsp"), 1},
                                 {QStringLiteral("data"), 2}, {QStringLiteral("demo"), 2},
                                 {QStringLiteral("ml"), 3},
                                 {QStringLiteral("library"), 4}, {QStringLiteral("models"), 4}, {QStringLiteral("io"), 4},
                                 {QStringLiteral("ui"), 5},
                                 {QStringLiteral("app"), 6}};

struct SameLevelInclude
{
    QString from;
    QString headerPrefix; // a path under the source root (core/ml/... etc.)
};

// Same-level includes that are allowed, each one way only (the reverse stays forbidden,
// so no cycle can form):
// - audio decodes to the contract's sample rate and cuts snippets of the contract's
//   length: it reads the contract's constants (a header of constants, no code), nothing
//   else of dsp.
// - models shows the library's catalog rows, review decisions and genre spellings.
// - io's run report prints prediction rows, which the models module defines.
const QList<SameLevelInclude> kAllowedSameLevel{
    {QStringLiteral("audio"), QStringLiteral("core/dsp/FeatureContract.h")},
    {QStringLiteral("models"), QStringLiteral("core/library/")},
    {QStringLiteral("io"), QStringLiteral("core/models/")},
};

struct Include
{
    QString file;     // relative to the source root
    int line = 0;
    QString text;     // what is between the quotes or brackets
    bool angle = false;
};

QString sourceRoot()
{
    return QStringLiteral(GENRELAB_SOURCE_DIR);
}

QList<Include> includesUnder(const QString &folder)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*#\\s*include\\s*([<\"])([^>\"]+)[>\"]"));
    QList<Include> result;
    const QDir root(sourceRoot());
    QDirIterator it(root.filePath(folder), {QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        int line = 0;
        while (!file.atEnd()) {
            ++line;
            const QString text = QString::fromUtf8(file.readLine());
            const auto match = pattern.match(text);
            if (match.hasMatch())
                result.push_back({root.relativeFilePath(path), line, match.captured(2), match.captured(1) == QLatin1String("<")});
        }
    }
    return result;
}

// core/<module>/..., ui/..., app/... → the module; empty for anything else.
QString moduleOf(const QString &relativePath)
{
    const QStringList parts = relativePath.split(QLatin1Char('/'));
    if (parts.size() >= 3 && parts[0] == QLatin1String("core"))
        return parts[1];
    if (parts.size() >= 2 && (parts[0] == QLatin1String("ui") || parts[0] == QLatin1String("app")))
        return parts[0];
    return {};
}

// What the compiler finds for a quoted include: next to the including file first, then
// on the include paths (core/ for everyone, ui/ for ui and app). Empty when it names no
// file in the tree (a generated header).
QString resolve(const Include &include)
{
    const QDir root(sourceRoot());
    const QString beside = QFileInfo(include.file).path() + QLatin1Char('/') + include.text;
    for (const QString &candidate : QStringList{beside, QStringLiteral("core/") + include.text, QStringLiteral("ui/") + include.text}) {
        const QString clean = QDir::cleanPath(candidate);
        if (QFileInfo(root.filePath(clean)).isFile())
            return clean;
    }
    return {};
}

bool sameLevelAllowed(const QString &from, const QString &target)
{
    for (const SameLevelInclude &allowed : kAllowedSameLevel)
        if (allowed.from == from && target.startsWith(allowed.headerPrefix))
            return true;
    return false;
}

} // namespace

// Thread contract: Qt Test runs it on the main thread.
class TestLayering : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sourceTreeIsThere()
    {
        QVERIFY2(QFileInfo(sourceRoot() + QStringLiteral("/core/util/Error.h")).isFile(), qPrintable(sourceRoot()));
        // Every folder of core/ is a module with a level: a new module must be placed.
        const QStringList modules = QDir(sourceRoot() + QStringLiteral("/core")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QString &module : modules)
            QVERIFY2(kLevel.contains(module), qPrintable(QStringLiteral("core/%1 has no level in tst_layering").arg(module)));
    }

    void includesRunDownwardOnly()
    {
        QStringList violations;
        int checked = 0;
        for (const QString &folder : {QStringLiteral("core"), QStringLiteral("ui"), QStringLiteral("app")}) {
            for (const Include &include : includesUnder(folder)) {
                if (include.angle)
                    continue;
                const QString target = resolve(include);
                const QString from = moduleOf(include.file), to = moduleOf(target);
                if (target.isEmpty() || from.isEmpty() || to.isEmpty() || from == to)
                    continue;
                ++checked;
                const int fromLevel = kLevel.value(from, -1), toLevel = kLevel.value(to, -1);
                const bool ok = fromLevel >= 0 && toLevel >= 0
                    && (toLevel < fromLevel || (toLevel == fromLevel && sameLevelAllowed(from, target)));
                if (!ok)
                    violations << QStringLiteral("%1:%2: %3 (level %4) includes %5 (%6, level %7)")
                                      .arg(include.file).arg(include.line).arg(from).arg(fromLevel)
                                      .arg(include.text, to).arg(toLevel);
            }
        }
        QVERIFY2(checked > 100, "too few cross-module includes found: is the source tree right?");
        QVERIFY2(violations.isEmpty(), qPrintable(QStringLiteral("\n") + violations.join(QLatin1Char('\n'))));
    }

    // Core is what the CLI links alone: no widget, chart or player may reach it.
    void coreIncludesNoWidgetsChartsOrMultimedia()
    {
        const QString qtHeaders = QLibraryInfo::path(QLibraryInfo::HeadersPath);
        const QStringList forbidden{QStringLiteral("QtWidgets"), QStringLiteral("QtCharts"), QStringLiteral("QtMultimedia"),
                                    QStringLiteral("QtMultimediaWidgets")};
        QStringList violations;
        for (const Include &include : includesUnder(QStringLiteral("core"))) {
            if (!include.angle)
                continue;
            for (const QString &module : forbidden) {
                // <QtWidgets/QWidget>, <QtWidgets>, or a class header such as <QWidget>.
                const bool named = include.text == module || include.text.startsWith(module + QLatin1Char('/'));
                const bool classHeader = !include.text.contains(QLatin1Char('/')) && include.text.startsWith(QLatin1Char('Q'))
                    && QFileInfo::exists(qtHeaders + QLatin1Char('/') + module + QLatin1Char('/') + include.text);
                if (named || classHeader)
                    violations << QStringLiteral("%1:%2: <%3> is %4").arg(include.file).arg(include.line).arg(include.text, module);
            }
        }
        QVERIFY2(violations.isEmpty(), qPrintable(QStringLiteral("\n") + violations.join(QLatin1Char('\n'))));
    }

    // LibTorch's headers are heavy and its macros clash with Qt's: core/ml keeps them.
    void onlyCoreMlIncludesTorch()
    {
        static const QRegularExpression torch(QStringLiteral("^(torch|ATen|c10|caffe2)/"));
        QStringList violations;
        for (const QString &folder : {QStringLiteral("core"), QStringLiteral("ui"), QStringLiteral("app")})
            for (const Include &include : includesUnder(folder))
                if (include.angle && torch.match(include.text).hasMatch() && !include.file.startsWith(QLatin1String("core/ml/")))
                    violations << QStringLiteral("%1:%2: <%3>").arg(include.file).arg(include.line).arg(include.text);
        QVERIFY2(violations.isEmpty(), qPrintable(QStringLiteral("\n") + violations.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestLayering)
#include "tst_layering.moc"
