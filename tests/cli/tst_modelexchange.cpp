// Models travel both ways between GenreLab and Python (issue 18), end to end through
// genrelab-cli and /usr/bin/python3 with Debian's python3-torch: a run's bundle, .pt and
// .safetensors predict alike in GenreLab and in python/genrelab; the .pt loads with
// torch.load(weights_only=True); the .safetensors follows the format byte by byte; a
// model trained in Python imports; the companion's features are `mel`'s; and the
// README's Python example runs as written.
#include "DatasetFixture.h"
#include "SharedData.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace genrelab::test;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");

QString sourcePath(const QString &relative)
{
    return QStringLiteral(GENRELAB_SOURCE_DIR "/") + relative;
}

// The last line of `output` that is a JSON object.
QJsonObject lastJson(const QString &output)
{
    const QStringList lines = output.split(u'\n', Qt::SkipEmptyParts);
    for (auto it = lines.crbegin(); it != lines.crend(); ++it)
        if (it->startsWith(u'{'))
            return QJsonDocument::fromJson(it->toUtf8()).object();
    return {};
}

std::vector<double> numbers(const QJsonValue &array)
{
    std::vector<double> values;
    for (const QJsonValue &value : array.toArray())
        values.push_back(value.toDouble(-1.0));
    return values;
}

double maxDifference(const std::vector<double> &a, const std::vector<double> &b)
{
    if (a.size() != b.size() || a.empty())
        return 1e9;
    double worst = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::abs(a[i] - b[i]));
    return worst;
}

} // namespace

class TestModelExchange : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_run, m_wav;
    bool m_python = false;

    QString path(const QString &name) const { return m_dir.filePath(name); }
    int cli(const QStringList &arguments, QString *output = nullptr)
    {
        return SharedData::runProgram(QStringLiteral(GENRELAB_CLI), arguments, output, 300000);
    }
    int python(const QStringList &arguments, QString *output)
    {
        return SharedData::runProgram(kPython, QStringList{sourcePath(QStringLiteral("tests/python/exchange_check.py"))} + arguments, output, 300000);
    }
    // Every class's probability from `predict --json`, in the model's class order.
    std::vector<double> predicted(const QString &model, QStringList *classes = nullptr)
    {
        QString output;
        if (cli({QStringLiteral("predict"), model, m_wav, QStringLiteral("--json"), QStringLiteral("--threads"), QStringLiteral("1")}, &output) != 0) {
            qWarning("%s", qPrintable(output));
            return {};
        }
        const QJsonObject answer = lastJson(output);
        std::vector<double> values;
        for (const QJsonValue &entry : answer.value(QStringLiteral("probabilities")).toArray()) {
            values.push_back(entry.toObject().value(QStringLiteral("probability")).toDouble(-1.0));
            if (classes)
                *classes << entry.toObject().value(QStringLiteral("genre")).toString();
        }
        return values;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QString output;
        m_python = SharedData::runProgram(kPython, {QStringLiteral("-c"), QStringLiteral("import torch, numpy")}, &output) == 0;
        const QString dataset = path(QStringLiteral("tones"));
        DatasetFixture::writeLabelled(dataset, {QStringLiteral("low"), QStringLiteral("mid"), QStringLiteral("high")}, 6, 6.2);
        m_wav = dataset + QStringLiteral("/mid/mid.00002.wav");
        m_run = path(QStringLiteral("run"));
        QCOMPARE(cli({QStringLiteral("train"), dataset, QStringLiteral("--out"), m_run, QStringLiteral("--epochs"), QStringLiteral("2"),
                      QStringLiteral("--batch"), QStringLiteral("16"), QStringLiteral("--threads"), QStringLiteral("2")}, &output), 0);
        QCOMPARE(cli({QStringLiteral("export"), m_run, QStringLiteral("--bundle"), path(QStringLiteral("m.genrelab")), QStringLiteral("--pytorch"),
                      path(QStringLiteral("m.pt")), QStringLiteral("--safetensors"), path(QStringLiteral("m.safetensors"))}, &output), 0);
    }

    // The "Done when" of issue 18: one run's bundle, .pt and .safetensors give the same
    // probabilities in GenreLab (after import, ≤ 1e-6) and in Python (≤ 1e-5).
    void oneModelPredictsAlikeEverywhere()
    {
        QString output;
        QCOMPARE(cli({QStringLiteral("import"), path(QStringLiteral("m.pt")), QStringLiteral("--out"), path(QStringLiteral("from-pt.genrelab"))}, &output), 0);
        QCOMPARE(cli({QStringLiteral("import"), path(QStringLiteral("m.safetensors")), QStringLiteral("--out"), path(QStringLiteral("from-st.genrelab"))}, &output), 0);
        QStringList classes;
        const std::vector<double> run = predicted(m_run), bundle = predicted(path(QStringLiteral("m.genrelab")), &classes);
        const std::vector<double> fromPt = predicted(path(QStringLiteral("from-pt.genrelab"))), fromSt = predicted(path(QStringLiteral("from-st.genrelab")));
        QCOMPARE(classes, (QStringList{QStringLiteral("high"), QStringLiteral("low"), QStringLiteral("mid")}));
        qInfo("GenreLab: run vs bundle %.1e, bundle vs imported .pt %.1e, vs imported .safetensors %.1e",
              maxDifference(run, bundle), maxDifference(bundle, fromPt), maxDifference(bundle, fromSt));
        QVERIFY(maxDifference(run, bundle) <= 1e-6);
        QVERIFY(maxDifference(bundle, fromPt) <= 1e-6);
        QVERIFY(maxDifference(bundle, fromSt) <= 1e-6);

        if (!m_python)
            QSKIP("needs /usr/bin/python3 with torch and numpy (python3-torch)");
        QVERIFY2(python({QStringLiteral("export"), path(QStringLiteral("m.pt")), path(QStringLiteral("m.safetensors")), m_wav}, &output) == 0,
                 qPrintable(output));
        const QJsonObject answer = lastJson(output);
        QCOMPARE(answer.value(QStringLiteral("classes")).toArray(), QJsonArray::fromStringList(classes));
        QVERIFY(answer.value(QStringLiteral("split")).toObject().contains(QStringLiteral("kind")));
        const double pt = maxDifference(numbers(answer.value(QStringLiteral("pt"))), bundle);
        const double st = maxDifference(numbers(answer.value(QStringLiteral("safetensors"))), bundle);
        qInfo("Python (torch.load weights_only=True, python/genrelab) vs GenreLab: .pt %.1e, .safetensors %.1e", pt, st);
        QVERIFY(pt <= 1e-5);
        QVERIFY(st <= 1e-5);
    }

    void companionFeaturesAreMels()
    {
        if (!m_python)
            QSKIP("needs /usr/bin/python3 with torch and numpy (python3-torch)");
        QStringList files = {m_wav};
        const QString shared = SharedData::dataDir();
        if (!shared.isEmpty())
            files << shared + QStringLiteral("/gtzan-mini/jazz/jazz.00003.wav");
        for (const QString &file : files) {
            QString output;
            const QString ours = path(QStringLiteral("ours.npy")), theirs = path(QStringLiteral("theirs.npy"));
            QCOMPARE(cli({QStringLiteral("mel"), file, QStringLiteral("--snippet"), QStringLiteral("1"), QStringLiteral("--out"), ours}, &output), 0);
            QVERIFY2(python({QStringLiteral("features"), file, QStringLiteral("1"), theirs}, &output) == 0, qPrintable(output));
            QCOMPARE(SharedData::runProgram(kPython, {QStringLiteral("-c"), QStringLiteral(
                         "import sys, numpy as np; a, b = np.load(sys.argv[1]), np.load(sys.argv[2]); "
                         "assert a.shape == b.shape == (130, 100), (a.shape, b.shape); print('max', float(abs(a - b).max()))"),
                         ours, theirs}, &output), 0);
            const double worst = output.section(QStringLiteral("max "), 1).trimmed().toDouble();
            qInfo("%s: max |mel − python/genrelab| %.1e", qPrintable(QFileInfo(file).fileName()), worst);
            QVERIFY2(output.contains(QStringLiteral("max ")) && worst <= 1e-4, qPrintable(output));
        }
    }

    // A model trained in PyTorch with the companion imports; a bare state_dict needs the
    // class names and an explicit word about its preprocessing.
    void aModelTrainedInPythonImports()
    {
        if (!m_python)
            QSKIP("needs /usr/bin/python3 with torch and numpy (python3-torch)");
        QString output;
        QVERIFY2(python({QStringLiteral("train"), m_dir.path(), m_wav}, &output) == 0, qPrintable(output));
        const std::vector<double> theirs = numbers(lastJson(output).value(QStringLiteral("probabilities")));
        QCOMPARE(cli({QStringLiteral("import"), path(QStringLiteral("full.pt")), QStringLiteral("--out"), path(QStringLiteral("full.genrelab"))}, &output), 0);
        QStringList classes;
        const std::vector<double> ours = predicted(path(QStringLiteral("full.genrelab")), &classes);
        QCOMPARE(classes, (QStringList{QStringLiteral("low"), QStringLiteral("mid"), QStringLiteral("high")}));
        qInfo("trained in Python: max |GenreLab − PyTorch| %.1e", maxDifference(ours, theirs));
        QVERIFY(maxDifference(ours, theirs) <= 1e-5);

        const QString bare = path(QStringLiteral("bare.pt")), out = path(QStringLiteral("bare.genrelab"));
        QCOMPARE(cli({QStringLiteral("import"), bare, QStringLiteral("--out"), out}, &output), 1);
        QVERIFY2(output.contains(QStringLiteral("does not say which preprocessing")) && output.trimmed().count(u'\n') == 0, qPrintable(output));
        QCOMPARE(cli({QStringLiteral("import"), bare, QStringLiteral("--out"), out, QStringLiteral("--assume-contract")}, &output), 1);
        QVERIFY2(output.contains(QStringLiteral("names no classes")), qPrintable(output));
        QCOMPARE(cli({QStringLiteral("import"), bare, QStringLiteral("--out"), out, QStringLiteral("--assume-contract"),
                      QStringLiteral("--classes"), QStringLiteral("a,b")}, &output), 1);
        QVERIFY2(output.contains(QStringLiteral("2 class names for a network with 3 outputs")), qPrintable(output));
        QCOMPARE(cli({QStringLiteral("import"), bare, QStringLiteral("--out"), out, QStringLiteral("--assume-contract"),
                      QStringLiteral("--classes"), QStringLiteral("a,,b")}, &output), 2);
        QVERIFY(!QFile::exists(out));
        QCOMPARE(cli({QStringLiteral("import"), bare, QStringLiteral("--out"), out, QStringLiteral("--assume-contract"),
                      QStringLiteral("--classes"), QStringLiteral("a,b,c")}, &output), 0);
        QVERIFY(maxDifference(predicted(out), theirs) <= 1e-5);
        // A training checkpoint (model and optimizer state, epoch, loss) gives its model.
        const QString fromCheckpoint = path(QStringLiteral("checkpoint.genrelab"));
        QCOMPARE(cli({QStringLiteral("import"), path(QStringLiteral("checkpoint.pt")), QStringLiteral("--out"), fromCheckpoint,
                      QStringLiteral("--assume-contract"), QStringLiteral("--classes"), QStringLiteral("a,b,c")}, &output), 0);
        QVERIFY(maxDifference(predicted(fromCheckpoint), theirs) <= 1e-5);
    }

    // --json output is versioned and has the same keys on success and failure; numbers
    // are numbers, in config.json too.
    void machineReadableOutputKeepsItsSchema()
    {
        const QString missing = path(QStringLiteral("no such file.wav"));
        QString output;
        QCOMPARE(cli({QStringLiteral("predict"), path(QStringLiteral("m.genrelab")), m_wav, missing, QStringLiteral("--json")}, &output), 1);
        QList<QJsonObject> answers;
        for (const QString &line : output.split(u'\n', Qt::SkipEmptyParts))
            if (line.startsWith(u'{'))
                answers << QJsonDocument::fromJson(line.toUtf8()).object();
        QCOMPARE(answers.size(), 2);
        QCOMPARE(answers[0].keys(), answers[1].keys());
        QCOMPARE(answers[0].value(QStringLiteral("schema")).toString(), QStringLiteral("predict/1"));
        QVERIFY(answers[0].value(QStringLiteral("error")).isNull());
        QCOMPARE(answers[0].value(QStringLiteral("probabilities")).toArray().size(), 3);
        double sum = 0.0;
        for (const QJsonValue &entry : answers[0].value(QStringLiteral("probabilities")).toArray())
            sum += entry.toObject().value(QStringLiteral("probability")).toDouble();
        QVERIFY(std::abs(sum - 1.0) < 1e-5);
        QVERIFY(answers[0].value(QStringLiteral("snippets")).isDouble());
        QVERIFY(answers[1].value(QStringLiteral("error")).isString() && answers[1].value(QStringLiteral("genre")).isNull());

        QCOMPARE(cli({QStringLiteral("info"), m_wav, missing, QStringLiteral("--json")}, &output), 1);
        answers.clear();
        for (const QString &line : output.split(u'\n', Qt::SkipEmptyParts))
            if (line.startsWith(u'{'))
                answers << QJsonDocument::fromJson(line.toUtf8()).object();
        QCOMPARE(answers.size(), 2);
        QCOMPARE(answers[0].keys(), answers[1].keys());
        QCOMPARE(answers[0].value(QStringLiteral("schema")).toString(), QStringLiteral("info/1"));
        QCOMPARE(answers[0].value(QStringLiteral("sample_rate")).toInt(), 22050);
        QCOMPARE(answers[0].value(QStringLiteral("snippets")).toInt(), 2);
        QVERIFY(answers[0].value(QStringLiteral("error")).isNull() && answers[1].value(QStringLiteral("error")).isString());

        QCOMPARE(cli({QStringLiteral("evaluate"), m_run, QStringLiteral("--split"), QStringLiteral("all"), QStringLiteral("--json"),
                      QStringLiteral("--threads"), QStringLiteral("1")}, &output), 0);
        const QJsonObject evaluation = lastJson(output);
        QCOMPARE(evaluation.value(QStringLiteral("schema")).toString(), QStringLiteral("evaluate/1"));
        QVERIFY(evaluation.value(QStringLiteral("error")).isNull());
        const int snippets = evaluation.value(QStringLiteral("snippets")).toInt(-1);
        QCOMPARE(snippets, 36); // 18 tracks of two snippets
        int counted = 0;
        for (const QJsonValue &row : evaluation.value(QStringLiteral("confusion")).toArray())
            for (const QJsonValue &count : row.toArray())
                counted += count.toInt();
        QCOMPARE(counted, snippets);
        QCOMPARE(evaluation.value(QStringLiteral("per_class")).toArray().size(), 3);
        QVERIFY(evaluation.value(QStringLiteral("snippet_accuracy")).isDouble());
        QCOMPARE(cli({QStringLiteral("evaluate"), path(QStringLiteral("no-run")), QStringLiteral("--json")}, &output), 1);
        QCOMPARE(lastJson(output).keys(), evaluation.keys());
        QVERIFY(lastJson(output).value(QStringLiteral("error")).isString());

        QFile config(m_run + QStringLiteral("/config.json"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        QVERIFY(QJsonDocument::fromJson(config.readAll()).object().value(QStringLiteral("seed")).isDouble());
    }

    // The README's Python example, run as the README writes it, from a folder laid out
    // like a clone after the README's demo loop (python/, model.pt, demo/jazz/…).
    void readmePythonExampleRuns()
    {
        if (!m_python)
            QSKIP("needs /usr/bin/python3 with torch and numpy (python3-torch)");
        QFile readme(sourcePath(QStringLiteral("README.md")));
        QVERIFY(readme.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(readme.readAll());
        const QString start = QStringLiteral("PYTHONPATH=python /usr/bin/python3 - <<'EOF'\n");
        const qsizetype at = text.indexOf(start);
        QVERIFY2(at >= 0, "README.md has no Python example starting with PYTHONPATH=python /usr/bin/python3 - <<'EOF'");
        const qsizetype end = text.indexOf(QStringLiteral("\nEOF\n"), at);
        QVERIFY(end > at);
        const QString example = text.mid(at, end - at + 5);

        QTemporaryDir clone;
        QVERIFY(QFile::link(sourcePath(QStringLiteral("python")), clone.filePath(QStringLiteral("python"))));
        QVERIFY(QDir().mkpath(clone.filePath(QStringLiteral("demo/jazz"))));
        QVERIFY(QFile::copy(m_wav, clone.filePath(QStringLiteral("demo/jazz/jazz.00000.wav"))));
        QVERIFY(QFile::copy(path(QStringLiteral("m.pt")), clone.filePath(QStringLiteral("model.pt"))));
        QString output;
        const int status = SharedData::runProgram(QStringLiteral("/bin/bash"),
                                                  {QStringLiteral("-c"), QStringLiteral("cd \"$1\" && ") + example, QStringLiteral("bash"), clone.path()}, &output);
        QVERIFY2(status == 0, qPrintable(example + QStringLiteral("\n→\n") + output));
        QVERIFY2(output.contains(QStringLiteral("mid")) && output.contains(QStringLiteral("low")), qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TestModelExchange)
#include "tst_modelexchange.moc"
