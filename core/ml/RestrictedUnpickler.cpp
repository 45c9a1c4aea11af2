#include "RestrictedUnpickler.h"

#include "util/Error.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtEndian>

#include <cmath>
#include <cstring>

namespace genrelab {

namespace {

// Values live in an arena and refer to containers by index: pickles share objects
// through the memo (and may even build cycles), which indices survive without
// reference counting, leaks or recursive destruction.
enum class Kind { None, Bool, Int, Float, String, List, Tuple, Dict, Global, Storage, Tensor };

struct Value
{
    Kind kind = Kind::None;
    std::int64_t number = 0; // Bool, Int; the arena index of containers, storages and tensors
    double real = 0.0;
    QString text;            // String; "module.name" of a Global
};

struct Storage
{
    QString dtype, key;
    std::int64_t elements = 0;
};

constexpr qint64 kMaxOperations = 4'000'000;

const char *dtypeOfStorage(const QString &name)
{
    static const struct { const char *storage, *dtype; } table[] = {
        {"torch.FloatStorage", "float32"}, {"torch.DoubleStorage", "float64"}, {"torch.HalfStorage", "float16"},
        {"torch.BFloat16Storage", "bfloat16"}, {"torch.LongStorage", "int64"}, {"torch.IntStorage", "int32"},
        {"torch.ShortStorage", "int16"}, {"torch.CharStorage", "int8"}, {"torch.ByteStorage", "uint8"},
        {"torch.BoolStorage", "bool"}};
    for (const auto &entry : table)
        if (name == QLatin1String(entry.storage))
            return entry.dtype;
    return nullptr;
}

bool isAllowedGlobal(const QString &name)
{
    return name == QLatin1String("collections.OrderedDict") || name == QLatin1String("torch._utils._rebuild_tensor_v2")
        || name == QLatin1String("torch._utils._rebuild_parameter")
        || name == QLatin1String("torch._utils._rebuild_parameter_with_state") || dtypeOfStorage(name);
}

class Machine
{
public:
    Machine(const QString &path, std::vector<RestrictedUnpickler::TensorRef> &tensors)
        : m_path(path), m_tensors(tensors) {}

    QJsonValue run(const QByteArray &pickle)
    {
        m_in = &pickle;
        for (qint64 operations = 0; operations < kMaxOperations; ++operations) {
            const quint8 op = byte();
            if (op == '.') {
                const Value root = pop();
                qint64 visits = 0;
                return toJson(root, 0, visits);
            }
            step(op);
        }
        corrupt(QStringLiteral("the pickle runs on past any model file's length"));
    }

private:
    [[noreturn]] void corrupt(const QString &why) const
    {
        throw Error(Error::Kind::Corrupt, m_path, QStringLiteral("damaged PyTorch file: ") + why,
                    QStringLiteral("save the model again with torch.save"));
    }
    [[noreturn]] void unsupported(const QString &why) const
    {
        throw Error(Error::Kind::Unsupported, m_path, why,
                    QStringLiteral("save only tensors, numbers, strings, lists and dicts (torch.save(model.state_dict(), …))"));
    }

    QByteArray take(qint64 count)
    {
        if (count < 0 || count > m_in->size() - m_at)
            corrupt(QStringLiteral("the pickle ends in the middle of a value"));
        const QByteArray bytes = m_in->mid(m_at, count);
        m_at += count;
        return bytes;
    }
    quint8 byte() { return quint8(take(1).at(0)); }
    template <typename T>
    T little() { return qFromLittleEndian<T>(take(sizeof(T)).constData()); }
    QString line()
    {
        const qsizetype end = m_in->indexOf('\n', m_at);
        if (end < 0 || end - m_at > 256)
            corrupt(QStringLiteral("a name in the pickle is not terminated"));
        return QString::fromUtf8(take(end - m_at + 1).chopped(1));
    }

    void push(Value value) { m_stack.push_back(std::move(value)); }
    Value pop()
    {
        if (m_stack.empty())
            corrupt(QStringLiteral("the pickle takes a value from an empty stack"));
        Value value = std::move(m_stack.back());
        m_stack.pop_back();
        return value;
    }
    Value &top()
    {
        if (m_stack.empty())
            corrupt(QStringLiteral("the pickle works on an empty stack"));
        return m_stack.back();
    }
    std::vector<Value> popMark()
    {
        if (m_marks.empty())
            corrupt(QStringLiteral("the pickle closes a group it never opened"));
        const std::size_t from = m_marks.back();
        m_marks.pop_back();
        if (from > m_stack.size())
            corrupt(QStringLiteral("the pickle's groups are mismatched"));
        std::vector<Value> items(std::make_move_iterator(m_stack.begin() + std::ptrdiff_t(from)),
                                 std::make_move_iterator(m_stack.end()));
        m_stack.resize(from);
        return items;
    }
    Value container(Kind kind, std::vector<Value> items = {})
    {
        m_containers.push_back(std::move(items));
        return Value{kind, std::int64_t(m_containers.size() - 1), 0.0, {}};
    }
    std::vector<Value> &items(const Value &value, Kind kind)
    {
        if (value.kind != kind && !(kind == Kind::Tuple && value.kind == Kind::List))
            corrupt(QStringLiteral("the pickle uses a value as a container it is not"));
        return m_containers[std::size_t(value.number)];
    }
    std::int64_t integer(const Value &value) const
    {
        if (value.kind != Kind::Int)
            corrupt(QStringLiteral("a tensor description holds something other than a whole number"));
        return value.number;
    }
    void setItem(const Value &dict, Value key, Value value)
    {
        if (key.kind != Kind::String && key.kind != Kind::Int)
            unsupported(QStringLiteral("a dict key is neither a string nor a number"));
        auto &entries = items(dict, Kind::Dict);
        for (std::size_t i = 0; i < entries.size(); i += 2)
            if (entries[i].kind == key.kind && entries[i].number == key.number && entries[i].text == key.text) {
                entries[i + 1] = std::move(value);
                return;
            }
        entries.push_back(std::move(key));
        entries.push_back(std::move(value));
    }

    void step(quint8 op);
    void global(const QString &name);
    void reduce();
    void persistentId();
    Value rebuildTensor(std::vector<Value> arguments);
    QJsonValue toJson(const Value &value, int depth, qint64 &visits) const;

    const QString &m_path;
    std::vector<RestrictedUnpickler::TensorRef> &m_tensors;
    const QByteArray *m_in = nullptr;
    qsizetype m_at = 0;
    std::vector<Value> m_stack;
    std::vector<std::size_t> m_marks;
    std::vector<std::vector<Value>> m_containers;
    std::vector<Storage> m_storages;
    std::vector<Value> m_memo;
};

void Machine::step(quint8 op)
{
    switch (op) {
    case 0x80: byte(); break;              // PROTO
    case 0x95: take(8); break;             // FRAME: a hint for buffered readers
    case '(': m_marks.push_back(m_stack.size()); break;
    case '}': push(container(Kind::Dict)); break;
    case ']': push(container(Kind::List)); break;
    case ')': push(container(Kind::Tuple)); break;
    case 't': push(container(Kind::Tuple, popMark())); break;
    case 0x85: case 0x86: case 0x87: {     // TUPLE1..3
        const std::size_t count = op - 0x84;
        if (m_stack.size() < count)
            corrupt(QStringLiteral("a tuple takes more values than the stack holds"));
        std::vector<Value> values(m_stack.end() - std::ptrdiff_t(count), m_stack.end());
        m_stack.resize(m_stack.size() - count);
        push(container(Kind::Tuple, std::move(values)));
        break;
    }
    case 'J': push({Kind::Int, little<qint32>(), 0.0, {}}); break;
    case 'K': push({Kind::Int, byte(), 0.0, {}}); break;
    case 'M': push({Kind::Int, little<quint16>(), 0.0, {}}); break;
    case 0x8a: {                           // LONG1: little-endian two's complement
        const int count = byte();
        if (count > 8)
            unsupported(QStringLiteral("a whole number beyond 64 bits"));
        const QByteArray bytes = take(count);
        std::uint64_t bits = 0;
        for (int i = count - 1; i >= 0; --i)
            bits = (bits << 8) | quint8(bytes[i]);
        if (count > 0 && count < 8 && (quint8(bytes[count - 1]) & 0x80))
            bits |= ~std::uint64_t(0) << (8 * count);
        push({Kind::Int, std::int64_t(bits), 0.0, {}});
        break;
    }
    case 'G': push({Kind::Float, 0, qFromBigEndian<double>(take(8).constData()), {}}); break;
    case 'X': push({Kind::String, 0, 0.0, QString::fromUtf8(take(little<quint32>()))}); break;
    case 0x8c: push({Kind::String, 0, 0.0, QString::fromUtf8(take(byte()))}); break;
    case 0x8d: push({Kind::String, 0, 0.0, QString::fromUtf8(take(qint64(std::min<quint64>(little<quint64>(), quint64(m_in->size())))))}); break;
    case 'U': push({Kind::String, 0, 0.0, QString::fromLatin1(take(byte()))}); break;
    case 'N': push({}); break;
    case 0x88: push({Kind::Bool, 1, 0.0, {}}); break;
    case 0x89: push({Kind::Bool, 0, 0.0, {}}); break;
    case 'c': {
        const QString module = line();
        global(module + u'.' + line());
        break;
    }
    case 0x93: {                           // STACK_GLOBAL
        const Value name = pop(), module = pop();
        if (name.kind != Kind::String || module.kind != Kind::String)
            corrupt(QStringLiteral("a global's name is not a string"));
        global(module.text + u'.' + name.text);
        break;
    }
    case 'q': case 'r': case 0x94: {       // BINPUT, LONG_BINPUT, MEMOIZE
        const std::size_t index = op == 'q' ? byte() : op == 'r' ? little<quint32>() : m_memo.size();
        if (index > m_memo.size() + 1024)
            corrupt(QStringLiteral("a memo index far beyond the values read"));
        if (index >= m_memo.size())
            m_memo.resize(index + 1);
        m_memo[index] = top();
        break;
    }
    case 'h': case 'j': {                  // BINGET, LONG_BINGET
        const std::size_t index = op == 'h' ? byte() : little<quint32>();
        if (index >= m_memo.size())
            corrupt(QStringLiteral("the pickle refers to a value it never stored"));
        push(m_memo[index]);
        break;
    }
    case 'a': {
        Value value = pop();
        items(top(), Kind::List).push_back(std::move(value));
        break;
    }
    case 'e': {
        std::vector<Value> values = popMark();
        auto &list = items(top(), Kind::List);
        list.insert(list.end(), values.begin(), values.end());
        break;
    }
    case 's': {
        Value value = pop(), key = pop();
        setItem(top(), std::move(key), std::move(value));
        break;
    }
    case 'u': {
        std::vector<Value> values = popMark();
        if (values.size() % 2 != 0)
            corrupt(QStringLiteral("a dict is given a key without a value"));
        const Value dict = top();
        for (std::size_t i = 0; i < values.size(); i += 2)
            setItem(dict, values[i], values[i + 1]);
        break;
    }
    case 'R': reduce(); break;
    case 'Q': persistentId(); break;
    case 'b': {                            // BUILD: an OrderedDict's _metadata, a tensor's hooks
        pop();
        if (top().kind != Kind::Dict && top().kind != Kind::Tensor)
            unsupported(QStringLiteral("the pickle sets the state of an object that is not a dict or tensor"));
        break;
    }
    default:
        unsupported(QStringLiteral("the pickle uses operation 0x%1, which a weights file never needs").arg(op, 2, 16, QLatin1Char('0')));
    }
}

void Machine::global(const QString &name)
{
    if (!isAllowedGlobal(name))
        unsupported(QStringLiteral("the file refers to %1, which is not plain data or a tensor").arg(name.left(120)));
    push({Kind::Global, 0, 0.0, name});
}

void Machine::reduce()
{
    const Value arguments = pop(), callable = pop();
    if (callable.kind != Kind::Global)
        unsupported(QStringLiteral("the pickle calls something that is not a known function"));
    std::vector<Value> args = items(arguments, Kind::Tuple);
    if (callable.text == QLatin1String("collections.OrderedDict")) {
        if (!args.empty())
            unsupported(QStringLiteral("an OrderedDict built from arguments"));
        push(container(Kind::Dict));
    } else if (callable.text == QLatin1String("torch._utils._rebuild_tensor_v2")) {
        push(rebuildTensor(std::move(args)));
    } else if (callable.text.startsWith(QLatin1String("torch._utils._rebuild_parameter"))) {
        if (args.empty() || args.front().kind != Kind::Tensor)
            corrupt(QStringLiteral("a parameter without its tensor"));
        push(args.front());
    } else {
        unsupported(QStringLiteral("the pickle calls %1").arg(callable.text));
    }
}

void Machine::persistentId()
{
    const Value id = pop();
    if (id.kind != Kind::Tuple)
        unsupported(QStringLiteral("a persistent reference that is not a storage"));
    const std::vector<Value> &parts = items(id, Kind::Tuple);
    if (parts.size() != 5 || parts[0].kind != Kind::String || parts[0].text != QLatin1String("storage")
        || parts[1].kind != Kind::Global || !dtypeOfStorage(parts[1].text) || parts[2].kind != Kind::String)
        unsupported(QStringLiteral("a persistent reference that is not a tensor storage"));
    const std::int64_t elements = integer(parts[4]);
    if (elements < 0 || elements > (std::int64_t(1) << 32))
        corrupt(QStringLiteral("a storage of %1 elements").arg(elements));
    m_storages.push_back({QLatin1String(dtypeOfStorage(parts[1].text)), parts[2].text, elements});
    push({Kind::Storage, std::int64_t(m_storages.size() - 1), 0.0, {}});
}

Value Machine::rebuildTensor(std::vector<Value> args)
{
    // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
    if (args.size() < 4 || args[0].kind != Kind::Storage)
        corrupt(QStringLiteral("a tensor without its storage"));
    const Storage &storage = m_storages[std::size_t(args[0].number)];
    RestrictedUnpickler::TensorRef tensor{storage.dtype, storage.key, storage.elements, integer(args[1]), {}, {}};
    for (const Value &size : items(args[2], Kind::Tuple))
        tensor.shape.push_back(integer(size));
    for (const Value &stride : items(args[3], Kind::Tuple))
        tensor.stride.push_back(integer(stride));
    if (tensor.shape.size() != tensor.stride.size() || tensor.shape.size() > 8)
        corrupt(QStringLiteral("a tensor's shape and strides do not match"));
    m_tensors.push_back(std::move(tensor));
    return {Kind::Tensor, std::int64_t(m_tensors.size() - 1), 0.0, {}};
}

QJsonValue Machine::toJson(const Value &value, int depth, qint64 &visits) const
{
    if (depth > RestrictedUnpickler::maxDepth || ++visits > kMaxOperations)
        unsupported(QStringLiteral("the data nests deeper or repeats more than any model file"));
    switch (value.kind) {
    case Kind::None: return QJsonValue::Null;
    case Kind::Bool: return value.number != 0;
    case Kind::Int: return qint64(value.number);
    case Kind::Float: return value.real;
    case Kind::String: return value.text;
    case Kind::Tensor: return QJsonObject{{QStringLiteral("$tensor"), qint64(value.number)}};
    case Kind::List:
    case Kind::Tuple: {
        QJsonArray array;
        for (const Value &item : m_containers[std::size_t(value.number)])
            array.append(toJson(item, depth + 1, visits));
        return array;
    }
    case Kind::Dict: {
        QJsonObject object;
        const auto &entries = m_containers[std::size_t(value.number)];
        for (std::size_t i = 0; i + 1 < entries.size(); i += 2)
            object.insert(entries[i].kind == Kind::String ? entries[i].text : QString::number(entries[i].number),
                          toJson(entries[i + 1], depth + 1, visits));
        return object;
    }
    case Kind::Global:
    case Kind::Storage: break;
    }
    unsupported(QStringLiteral("the data holds a bare class or storage"));
}

} // namespace

int RestrictedUnpickler::elementSize(const QString &dtype)
{
    static const struct { const char *name; int bytes; } table[] = {
        {"float32", 4}, {"float64", 8}, {"float16", 2}, {"bfloat16", 2}, {"int64", 8}, {"int32", 4},
        {"int16", 2}, {"int8", 1}, {"uint8", 1}, {"bool", 1}};
    for (const auto &entry : table)
        if (dtype == QLatin1String(entry.name))
            return entry.bytes;
    return 0;
}

QJsonValue RestrictedUnpickler::load(const QByteArray &pickle)
{
    if (pickle.size() > maxPickleBytes)
        throw Error(Error::Kind::Unsupported, m_path, QStringLiteral("its description (data.pkl) is larger than any model's"));
    m_tensors.clear();
    return Machine(m_path, m_tensors).run(pickle);
}

} // namespace genrelab
