// The JSON robustness fuzzer (#16) under AddressSanitizer/UBSan, with no Qt
// and no torch: data set JSONL, tokenizer.json, config.json and the bounded
// parser itself. Any memory error, UB, crash or unexpected exception fails.
#include "json_fuzz_targets.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

int main()
{
    namespace fs = std::filesystem;
    const fs::path work = fs::temp_directory_path() / ("asan_json_fuzz-" + std::to_string(::getpid()));
    fs::create_directories(work);
    constexpr int kCasesPerTarget = 500;
    int passed = 0, failed = 0, cases = 0;
    const auto start = std::chrono::steady_clock::now();
    for (const auto &target : sd::testcases::torchFreeFuzzTargets(work.string())) {
        const auto o = sd::testcases::fuzzTarget(target, kCasesPerTarget, 20160 + cases);
        cases += kCasesPerTarget;
        std::printf("%s: %d accepted, %d rejected cleanly, %d failed; slowest case %.2f s\n", target.name.c_str(),
                    o.accepted, o.rejected, o.failed, o.slowestSeconds);
        (o.failed == 0 ? passed : failed) += 1;
    }
    fs::remove_all(work);
    std::printf("fuzz: %d cases in %.1f s\n", cases,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
