// The safetensors header cases and fuzz loop, under AddressSanitizer/UBSan, with
// no Qt and no torch: any out-of-bounds read or UB aborts the process.
#include "safetensors.h"
#include "safetensors_cases.h"

#include <cstdio>

using namespace sd::vlm;

int main()
{
    int passed = 0, failed = 0;
    try {
        const auto f = SafetensorsFile::fromBytes(testcases::validFile(), "valid");
        passed += f->tensors().size() == 2 ? 1 : 0;
    } catch (const std::exception &e) {
        std::printf("FAIL valid file rejected: %s\n", e.what());
        ++failed;
    }
    for (const auto &[name, bytes] : testcases::malformedFiles()) {
        try {
            SafetensorsFile::fromBytes(bytes, name);
            std::printf("FAIL %s: accepted\n", name.c_str());
            ++failed;
        } catch (const SafetensorsError &) {
            ++passed;
        }
    }
    int rejected = 0, accepted = 0;
    testcases::forEachMutation(testcases::validFile(), 5000, [&](const std::string &bytes, const std::string &) {
        try {
            const auto f = SafetensorsFile::fromBytes(bytes, "mutant");
            // Touch every byte a reader would: validation must make this safe.
            unsigned sum = 0;
            for (const auto &t : f->tensors())
                for (uint64_t i = 0; i < t.nbytes(); ++i)
                    sum += f->data(t)[i];
            (void)sum;
            ++accepted;
        } catch (const SafetensorsError &) {
            ++rejected;
        }
    });
    ++passed;
    std::printf("fuzz: %d mutants rejected cleanly, %d accepted and read in bounds\n", rejected, accepted);
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
