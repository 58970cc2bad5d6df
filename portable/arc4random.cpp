// For the portable binary only (`make dist`): GCC 12's static libstdc++ pulls in random.o (through
// its copy-on-write string instances), which calls arc4random, a function glibc has only since 2.36;
// linked against glibc's, the binary would not start on RHEL 9 (2.34) or Ubuntu 22.04 (2.35). This
// definition satisfies that reference inside the binary, from the kernel's getrandom(), as glibc's
// own does. Our code never calls it (std::random_device is not used).
#include <sys/random.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>

extern "C" uint32_t arc4random(void) {
  uint32_t value = 0;
  while (getrandom(&value, sizeof value, 0) != static_cast<ssize_t>(sizeof value)) {
    if (errno != EINTR) std::abort();  // as glibc: no fallback that would return predictable numbers
  }
  return value;
}
