#include "ImportCommand.h"

#include "ml/ModelImport.h"
#include "util/Error.h"

namespace genrelab::cli {

int ImportCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("MODEL"), QStringLiteral("A .pt (torch.save) or .safetensors file."));
    parser.addOptions({{QStringLiteral("out"), QStringLiteral("The bundle to write."), QStringLiteral("OUT.genrelab")},
                       {QStringLiteral("classes"), QStringLiteral("Class names in output order, comma-separated (needed "
                                                                  "when the file has none)."), QStringLiteral("a,b,...")},
                       {QStringLiteral("assume-contract"), QStringLiteral("The file names no preprocessing contract: "
                                                                          "take it as made for GenreLab's features.")}});
    int exitCode = 0;
    if (!parse(parser, arguments, exitCode))
        return exitCode;
    const QString out = parser.value(QStringLiteral("out"));
    if (parser.positionalArguments().size() != 1 || out.isEmpty())
        return fail(QStringLiteral("usage: genrelab-cli import MODEL.pt|MODEL.safetensors --out OUT.genrelab [--classes a,b,...]"), 2);
    ModelImport::Options options;
    if (parser.isSet(QStringLiteral("classes"))) {
        for (const QString &name : parser.value(QStringLiteral("classes")).split(u','))
            options.classes << name.trimmed();
        if (options.classes.size() < 2 || options.classes.contains(QString()))
            return fail(QStringLiteral("--classes takes two or more non-empty names separated by commas, not \"%1\"")
                            .arg(parser.value(QStringLiteral("classes"))), 2);
    }
    options.assumeContract = parser.isSet(QStringLiteral("assume-contract"));
    const QString model = parser.positionalArguments().first();
    try {
        const ModelBundle bundle = ModelImport::fromFile(model, options);
        bundle.write(out);
        print(QStringLiteral("wrote %1: %2 classes (%3), %4 %5 hidden")
                  .arg(out).arg(bundle.classes.size()).arg(bundle.classes.join(QStringLiteral(", ")))
                  .arg(CrnnOptions::cellName(bundle.network.cell).toUpper()).arg(bundle.network.hidden));
        return 0;
    } catch (const Error &error) {
        return fail(error.message());
    }
}

} // namespace genrelab::cli
