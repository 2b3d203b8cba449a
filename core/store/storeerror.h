// The one exception type of the project store and its schema migrations.
#pragma once

#include <stdexcept>

namespace sd {

class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace sd
