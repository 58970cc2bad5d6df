#include "app/resource_limits.h"

#include <sys/resource.h>

namespace genai::app {

void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);  // best effort: on failure the old limit stays
}

}  // namespace genai::app
