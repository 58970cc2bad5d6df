// Raises the open-file limit to what the system allows: every in-flight stream is a socket, and
// the common default of 1024 would cap a benchmark far below the concurrency users ask for.
#pragma once

namespace genai::app {

void raise_open_file_limit();

}  // namespace genai::app
