#include "Sha256.h"

#include <QIODevice>

#include <algorithm>
#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#define GENRELAB_SHA_INSTRUCTIONS 1
#endif

namespace genrelab {

namespace {
constexpr std::array<std::uint32_t, 8> kInitialState = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
alignas(16) constexpr std::uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotateRight(std::uint32_t x, int n)
{
    return (x >> n) | (x << (32 - n));
}

void portableRounds(std::uint32_t *state, const std::uint8_t *data, std::size_t count)
{
    for (; count > 0; --count, data += 64) {
        std::uint32_t w[64];
        for (int t = 0; t < 16; ++t)
            w[t] = std::uint32_t(data[4 * t]) << 24 | std::uint32_t(data[4 * t + 1]) << 16 | std::uint32_t(data[4 * t + 2]) << 8
                 | std::uint32_t(data[4 * t + 3]);
        for (int t = 16; t < 64; ++t) {
            const std::uint32_t s0 = rotateRight(w[t - 15], 7) ^ rotateRight(w[t - 15], 18) ^ (w[t - 15] >> 3);
            const std::uint32_t s1 = rotateRight(w[t - 2], 17) ^ rotateRight(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
        for (int t = 0; t < 64; ++t) {
            const std::uint32_t t1 = h + (rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25)) + ((e & f) ^ (~e & g)) + kRound[t] + w[t];
            const std::uint32_t t2 = (rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}

#ifdef GENRELAB_SHA_INSTRUCTIONS
bool cpuHasShaInstructions()
{
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) || !(c & bit_SSE4_1))
        return false;
    return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA);
}

// The SHA extensions' rounds: the state as ABEF and CDGH, four message words per vector,
// two rounds per sha256rnds2 (Intel's "SHA Extensions" paper, figure 5's arrangement).
__attribute__((target("sha,sse4.1,ssse3"))) void instructionRounds(std::uint32_t *state, const std::uint8_t *data, std::size_t count)
{
    const __m128i byteSwap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i dcba = _mm_loadu_si128(reinterpret_cast<const __m128i *>(state));
    __m128i hgfe = _mm_loadu_si128(reinterpret_cast<const __m128i *>(state + 4));
    const __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    const __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
    for (; count > 0; --count, data += 64) {
        const __m128i abefBefore = abef, cdghBefore = cdgh;
        __m128i w[4]; // w[g % 4]: message words 4g … 4g + 3; before group g it holds group g − 4's
        for (int g = 0; g < 16; ++g) {
            if (g < 4) {
                w[g] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(data + 16 * g)), byteSwap);
            } else {
                const __m128i partial = _mm_sha256msg1_epu32(w[g % 4], w[(g + 1) % 4]);               // W[t−16] + σ0(W[t−15])
                const __m128i withT7 = _mm_add_epi32(partial, _mm_alignr_epi8(w[(g + 3) % 4], w[(g + 2) % 4], 4)); // + W[t−7]
                w[g % 4] = _mm_sha256msg2_epu32(withT7, w[(g + 3) % 4]);                                 // + σ1(W[t−2])
            }
            __m128i message = _mm_add_epi32(w[g % 4], _mm_load_si128(reinterpret_cast<const __m128i *>(kRound + 4 * g)));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, message);
            message = _mm_shuffle_epi32(message, 0x0E);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, message);
        }
        abef = _mm_add_epi32(abef, abefBefore);
        cdgh = _mm_add_epi32(cdgh, cdghBefore);
    }
    const __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128(reinterpret_cast<__m128i *>(state), _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128(reinterpret_cast<__m128i *>(state + 4), _mm_alignr_epi8(dchg, feba, 8));
}
#endif
} // namespace

bool Sha256::usesShaInstructions()
{
#ifdef GENRELAB_SHA_INSTRUCTIONS
    static const bool has = cpuHasShaInstructions();
    return has;
#else
    return false;
#endif
}

Sha256::Sha256(Rounds rounds)
    : m_useInstructions(rounds == Rounds::Fastest && usesShaInstructions())
    , m_state(kInitialState)
{
}

void Sha256::compress(const std::uint8_t *blocks, std::size_t count)
{
#ifdef GENRELAB_SHA_INSTRUCTIONS
    if (m_useInstructions) {
        instructionRounds(m_state.data(), blocks, count);
        return;
    }
#endif
    portableRounds(m_state.data(), blocks, count);
}

void Sha256::addData(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return; // its data() may be null, which memcpy must not see
    auto data = reinterpret_cast<const std::uint8_t *>(bytes.data());
    std::size_t size = std::size_t(bytes.size());
    m_totalBytes += size;
    if (m_pendingBytes > 0) {
        const std::size_t taken = std::min(size, m_pending.size() - m_pendingBytes);
        std::memcpy(m_pending.data() + m_pendingBytes, data, taken);
        m_pendingBytes += taken;
        data += taken;
        size -= taken;
        if (m_pendingBytes < m_pending.size())
            return;
        compress(m_pending.data(), 1);
        m_pendingBytes = 0;
    }
    compress(data, size / 64);
    m_pendingBytes = size % 64;
    std::memcpy(m_pending.data(), data + size - m_pendingBytes, m_pendingBytes);
}

bool Sha256::addData(QIODevice *device)
{
    char buffer[1 << 16];
    qint64 got = 0;
    while ((got = device->read(buffer, sizeof buffer)) > 0)
        addData(QByteArrayView(buffer, got));
    return got == 0;
}

QByteArray Sha256::result() const
{
    Sha256 last = *this; // padding goes into a copy, so this one can go on
    const std::uint64_t bits = m_totalBytes * 8;
    std::uint8_t padding[72] = {0x80};
    const std::size_t zeros = (last.m_pendingBytes < 56 ? 56 : 120) - last.m_pendingBytes;
    for (int i = 0; i < 8; ++i)
        padding[zeros + std::size_t(i)] = std::uint8_t(bits >> (56 - 8 * i));
    last.addData(QByteArrayView(reinterpret_cast<const char *>(padding), qsizetype(zeros + 8)));
    QByteArray digest(32, Qt::Uninitialized);
    for (int i = 0; i < 8; ++i)
        for (int j = 0; j < 4; ++j)
            digest[4 * i + j] = char(last.m_state[std::size_t(i)] >> (24 - 8 * j));
    return digest;
}

QByteArray Sha256::hash(QByteArrayView bytes)
{
    Sha256 sha;
    sha.addData(bytes);
    return sha.result();
}

} // namespace genrelab
