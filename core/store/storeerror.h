// The one exception type of the project store and its schema migrations.
#pragma once

#include <stdexcept>

namespace sd {

class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A team project's server cannot be reached (down, network gone, connection dropped).
// Nothing of the failed call was written; the same call may be retried later, and the
// store reconnects by itself on the next call.
class ServerUnreachable : public StoreError {
public:
    using StoreError::StoreError;
};

// The server wants a password that neither PGPASSFILE nor the caller gave, or refused it.
class LoginRequired : public StoreError {
public:
    using StoreError::StoreError;
};

} // namespace sd
