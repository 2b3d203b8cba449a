// A small seeded PRNG for the synthetic demo. The standard <random>
// distributions are implementation-defined (libstdc++ and libc++ give
// different numbers for the same engine), so the demo implements its own:
// splitmix64 for the bits, explicit formulas for every distribution. The same
// seed therefore renders the same project on every platform and compiler.
#pragma once

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <vector>

namespace sd::demo {

class DemoRandom {
public:
    explicit DemoRandom(uint64_t seed) : m_state(seed) {}

    // Derives an independent stream from a seed and a list of integers
    // (e.g. seed, frame index), so frames can be rendered in any order.
    static DemoRandom derive(uint64_t seed, std::initializer_list<uint64_t> keys)
    {
        uint64_t s = mix(seed ^ 0x5375726744697374ULL); // "SurgDist"
        for (uint64_t k : keys)
            s = mix(s ^ mix(k + 0x9e3779b97f4a7c15ULL));
        return DemoRandom(s);
    }

    uint64_t next()
    {
        m_state += 0x9e3779b97f4a7c15ULL;
        return mix(m_state);
    }

    // Uniform in [0, 1) with 53 random bits.
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

    // Uniform integer in [lo, hi] (inclusive); bias is negligible for the small ranges used here.
    int uniformInt(int lo, int hi)
    {
        if (hi <= lo)
            return lo;
        const uint64_t span = uint64_t(int64_t(hi) - int64_t(lo) + 1);
        return int(int64_t(lo) + int64_t(next() % span));
    }

    bool chance(double p) { return uniform() < p; }

    // Standard normal via Box-Muller (one value per call, deterministic).
    double normal(double mean = 0.0, double sigma = 1.0)
    {
        const double u1 = 1.0 - uniform(); // (0, 1]
        const double u2 = uniform();
        return mean + sigma * std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }

    // Index drawn with probability proportional to weights (all >= 0, sum > 0).
    int weighted(const std::vector<double> &weights)
    {
        double total = 0;
        for (double w : weights)
            total += w;
        double r = uniform() * total;
        for (size_t i = 0; i < weights.size(); ++i) {
            if (r < weights[i])
                return int(i);
            r -= weights[i];
        }
        return int(weights.size()) - 1;
    }

private:
    static uint64_t mix(uint64_t z)
    {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    uint64_t m_state;
};

} // namespace sd::demo
