// A seeded shuffle that gives the same order on every platform (std::shuffle and
// the std distributions are implementation-defined), for reproducible splits
// and blinded answer orders.
#pragma once

#include <QtGlobal>
#include <utility>

namespace sd::eval {

// SplitMix64 step.
inline quint64 splitMix64(quint64 &state)
{
    quint64 z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// Fisher-Yates over any container with size() and operator[].
template <typename Container>
void seededShuffle(Container &items, quint64 seed)
{
    quint64 state = seed;
    for (qsizetype i = qsizetype(items.size()) - 1; i > 0; --i) {
        const auto j = static_cast<qsizetype>(splitMix64(state) % static_cast<quint64>(i + 1));
        using std::swap;
        swap(items[i], items[j]);
    }
}

} // namespace sd::eval
