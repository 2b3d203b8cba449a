// Whether a process on this computer still runs: for pid files of detached training
// jobs, teacher-request claims and demo build folders left by killed runs.
#pragma once

#include <QtGlobal>

namespace sd {

// True while `pid` runs (also under another user); false for no such process and for a
// zombie that nobody reaps.
bool processAlive(qint64 pid);

} // namespace sd
