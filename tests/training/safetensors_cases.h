// Malformed safetensors files and a deterministic mutation fuzzer, shared by the
// Qt test and the AddressSanitizer executable (torch-free, Qt-free).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sd::vlm::testcases {

inline std::string withHeader(const std::string &json, const std::string &data,
                              std::optional<uint64_t> declaredLength = std::nullopt)
{
    const uint64_t n = declaredLength.value_or(json.size());
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i)
        out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
    return out + json + data;
}

// A valid two-tensor file: a F32 [2,2] and a BF16 [3].
inline std::string validFile()
{
    std::string data(16 + 6, '\0');
    for (size_t i = 0; i < data.size(); ++i)
        data[i] = static_cast<char>(i * 7 + 1);
    return withHeader(R"({"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},)"
                      R"("b":{"dtype":"BF16","shape":[3],"data_offsets":[16,22]}})",
                      data);
}

// name -> bytes that a correct reader must reject.
inline std::vector<std::pair<std::string, std::string>> malformedFiles()
{
    const std::string d16(16, 'x');
    return {
        {"empty file", ""},
        {"shorter than 8 bytes", std::string("\x05\0\0", 3)},
        {"header length beyond the file", withHeader("{}", "", 4096)},
        {"huge header length", withHeader("{}", "", uint64_t(1) << 62)},
        {"header length 2^64-1", withHeader("{}", "", ~uint64_t(0))},
        {"not JSON", withHeader("this is not json", d16)},
        {"JSON array", withHeader("[1,2,3]", d16)},
        {"truncated JSON", withHeader(R"({"a":{"dtype":"F32","shape":[2,2],"data_of)", d16)},
        {"unknown dtype", withHeader(R"({"a":{"dtype":"F31","shape":[2,2],"data_offsets":[0,16]}})", d16)},
        {"dtype not a string", withHeader(R"({"a":{"dtype":4,"shape":[2,2],"data_offsets":[0,16]}})", d16)},
        {"negative dimension", withHeader(R"({"a":{"dtype":"F32","shape":[-2,2],"data_offsets":[0,16]}})", d16)},
        {"fractional dimension", withHeader(R"({"a":{"dtype":"F32","shape":[2.5,2],"data_offsets":[0,16]}})", d16)},
        {"overflowing shape",
         withHeader(R"({"a":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,16]}})", d16)},
        {"shape x dtype size != byte range", withHeader(R"({"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,16]}})", d16)},
        {"wrong dtype size", withHeader(R"({"a":{"dtype":"F64","shape":[2,2],"data_offsets":[0,16]}})", d16)},
        {"end beyond the file", withHeader(R"({"a":{"dtype":"F32","shape":[2,2],"data_offsets":[8,24]}})", d16)},
        {"begin after end", withHeader(R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[16,8]}})", d16)},
        {"negative offset", withHeader(R"({"a":{"dtype":"F32","shape":[2,2],"data_offsets":[-16,0]}})", d16)},
        {"offsets missing", withHeader(R"({"a":{"dtype":"F32","shape":[2,2]}})", d16)},
        {"three offsets", withHeader(R"({"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,8,16]}})", d16)},
        {"overlapping ranges",
         withHeader(R"({"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})",
                    d16)},
        {"tensor entry not an object", withHeader(R"({"a":[0,16]})", d16)},
        {"metadata value not a string", withHeader(R"({"__metadata__":{"format":3}})", d16)},
        {"metadata not an object", withHeader(R"({"__metadata__":"pt"})", d16)},
    };
}

// Deterministic mutations of a valid file: every truncation up to the end of the
// header plus byte flips inside the header. check(bytes, label) runs the reader.
inline void forEachMutation(const std::string &valid, int flips, const std::function<void(const std::string &, const std::string &)> &check)
{
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i)
        n = (n << 8) | static_cast<unsigned char>(valid[i]);
    const uint64_t headerEnd = 8 + n;
    for (size_t len = 0; len <= headerEnd + 4 && len < valid.size(); ++len)
        check(valid.substr(0, len), "truncated to " + std::to_string(len));
    uint64_t state = 0x9E3779B97F4A7C15ull;
    auto next = [&state]() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    for (int i = 0; i < flips; ++i) {
        std::string m = valid;
        const int edits = 1 + static_cast<int>(next() % 3);
        for (int e = 0; e < edits; ++e) {
            const size_t pos = next() % headerEnd;
            m[pos] = static_cast<char>(next() & 0xff);
        }
        check(m, "mutation " + std::to_string(i));
    }
}

} // namespace sd::vlm::testcases
