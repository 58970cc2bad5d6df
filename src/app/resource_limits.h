// The process's open-file limit, which caps a benchmark's streams: every in-flight stream is a
// socket (two when the built-in mock serves in this process), and the common default of 1024
// would cap a benchmark far below the concurrency users ask for.
#pragma once

#include <cstdint>

#include "common/result.h"

namespace genai::app {

// Raises the soft limit to the hard one (best effort).
void raise_open_file_limit();

// Descriptors a run of `streams` concurrent streams needs: a socket each (two with the mock in
// this process) and kSpareDescriptors for files, the log, name lookups and the mock's listener.
inline constexpr int64_t kSpareDescriptors = 64;
int64_t descriptors_needed(int64_t streams, bool mock_in_process);

// An error, in one line naming the need, the limit and the fixes, when the soft limit (raised
// first) is below what `streams` need.
Status check_open_file_limit(int64_t streams, bool mock_in_process);

}  // namespace genai::app
