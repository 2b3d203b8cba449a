// A deterministic mutation fuzzer for JSON inputs (#16), shared by the Qt
// robustness test and the AddressSanitizer executable (torch-free, Qt-free):
// truncations, byte flips, invalid UTF-8, deep nesting, huge numbers, NULs,
// swapped value types and duplicated slices of a valid seed document.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace sd::testcases {

class JsonMutator {
public:
    explicit JsonMutator(uint64_t seed) : rng_(seed) {}

    // One to three mutations of `seed`.
    std::string mutate(const std::string &seed)
    {
        std::string s = seed;
        const int rounds = 1 + static_cast<int>(below(3));
        for (int r = 0; r < rounds && !s.empty(); ++r)
            mutateOnce(s);
        return s;
    }

private:
    std::mt19937_64 rng_;

    size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng_() % n); }

    // A random position of one of `chars`, or npos.
    size_t findAny(const std::string &s, const char *chars)
    {
        std::vector<size_t> at;
        for (size_t i = s.find_first_of(chars); i != std::string::npos; i = s.find_first_of(chars, i + 1))
            at.push_back(i);
        return at.empty() ? std::string::npos : at[below(at.size())];
    }

    void mutateOnce(std::string &s)
    {
        static const char *const kBadUtf8[] = {"\xFF", "\xC3\x28", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xC0\xAF",
                                               "\x80", "\xE4\xB8", "\xF0\x9F\x98"};
        static const char *const kNumbers[] = {"1e999999", "-1e999999", "18446744073709551616",
                                               "-99999999999999999999999999999", "4294967297", "-1", "0",
                                               "1.7976931348623157e308", "2147483648", "1e-400", "NaN", "0x10"};
        static const char *const kValues[] = {"null", "true", "\"\"", "\"x\"", "[]", "{}", "[1,2]", "{\"a\":1}",
                                              "-0", "\"\\u0000\"", "\"\\ud800\""};
        const size_t pos = below(s.size() + 1);
        switch (below(10)) {
        case 0: // truncation
            s.resize(pos);
            break;
        case 1: // byte flips
            for (int k = 0, n = 1 + static_cast<int>(below(4)); k < n && !s.empty(); ++k)
                s[below(s.size())] ^= static_cast<char>(1u << below(8));
            break;
        case 2: // invalid UTF-8, inside a string when the position is one
            s.insert(pos, kBadUtf8[below(sizeof kBadUtf8 / sizeof *kBadUtf8)]);
            break;
        case 3: { // deep nesting as a new member of some object, so the rest stays valid
            const size_t brace = findAny(s, "{");
            const size_t depth = std::vector<size_t>{63, 65, 1000, 100000}[below(4)];
            const std::string open = below(2) ? std::string(depth, '[') : [&] {
                std::string o;
                for (size_t k = 0; k < depth; ++k) o += "{\"a\":";
                return o;
            }();
            std::string close = open[0] == '[' ? std::string(depth, ']') : std::string(depth, '}');
            const std::string member = "\"deep\":" + open + "1" + close + ",";
            s.insert(brace == std::string::npos ? pos : brace + 1, member);
            break;
        }
        case 4: { // a number becomes a huge or odd one
            const size_t digit = findAny(s, "0123456789");
            if (digit == std::string::npos)
                break;
            size_t end = digit;
            while (end < s.size() && std::string("0123456789.eE+-").find(s[end]) != std::string::npos) ++end;
            s.replace(digit, end - digit, kNumbers[below(sizeof kNumbers / sizeof *kNumbers)]);
            break;
        }
        case 5: // NULs: raw, or escaped inside a string
            s.insert(pos, below(2) ? std::string(1, '\0') : std::string("\\u0000"));
            break;
        case 6: { // a value of another type where a number, string or literal was
            const size_t v = findAny(s, "0123456789\"tfn[{");
            if (v == std::string::npos)
                break;
            size_t end = v + 1;
            if (s[v] == '"') {
                while (end < s.size() && s[end] != '"') end += s[end] == '\\' ? 2 : 1;
                end = std::min(end + 1, s.size());
            } else {
                while (end < s.size() && std::string(",]}:").find(s[end]) == std::string::npos) ++end;
            }
            s.replace(v, end - v, kValues[below(sizeof kValues / sizeof *kValues)]);
            break;
        }
        case 7: { // a slice repeated (duplicate keys, repeated array entries)
            const size_t len = below(std::min<size_t>(s.size() - std::min(pos, s.size()), 200) + 1);
            const std::string slice = s.substr(pos, len);
            for (int k = 0, n = 1 + static_cast<int>(below(8)); k < n; ++k) s.insert(pos, slice);
            break;
        }
        case 8: { // a long string
            const size_t quote = findAny(s, "\"");
            s.insert(quote == std::string::npos ? pos : quote + 1, std::string(below(2) ? 70000 : 300, 'a'));
            break;
        }
        default: // a random byte
            s.insert(pos, 1, static_cast<char>(below(256)));
            break;
        }
    }
};

// Calls fn(mutant) for `count` mutants of the seeds, taken in turn.
inline void forEachJsonMutant(const std::vector<std::string> &seeds, int count, uint64_t rngSeed,
                              const std::function<void(const std::string &)> &fn)
{
    JsonMutator m(rngSeed);
    for (int i = 0; i < count; ++i)
        fn(m.mutate(seeds[static_cast<size_t>(i) % seeds.size()]));
}

} // namespace sd::testcases
