#include "app/resource_limits.h"

#include <sys/resource.h>

#include <string>

namespace genai::app {

void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);  // best effort: on failure the old limit stays
}

int64_t descriptors_needed(int64_t streams, bool mock_in_process) {
  return streams * (mock_in_process ? 2 : 1) + kSpareDescriptors;
}

Status check_open_file_limit(int64_t streams, bool mock_in_process) {
  const int64_t needed = descriptors_needed(streams, mock_in_process);
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return Ok{};
  const auto allowed = static_cast<int64_t>(limit.rlim_cur);
  if (needed <= allowed) return Ok{};
  return make_error(std::to_string(streams) + " concurrent streams need about " + std::to_string(needed) +
                    " open files, and this process may open " + std::to_string(allowed) +
                    " (its hard limit): raise it (`ulimit -Hn` as root, LimitNOFILE= in a systemd unit, nofile in "
                    "/etc/security/limits.conf, or the container's --ulimit nofile=); more --threads will not help, "
                    "as every thread shares the one limit; or split the load over several processes" +
                    (mock_in_process ? std::string("; the built-in mock holds the other end of each here: "
                                                   "`genai-bench mock-server` in a process of its own halves the need")
                                     : std::string()));
}

}  // namespace genai::app
