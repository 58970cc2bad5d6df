// How much memory a Parquet read may take for what it decodes. Runs, dictionaries and delta
// prefixes let a few bytes of a file stand for gigabytes of values, so a corrupt or hostile file
// is stopped by this count rather than by the machine running out of memory.
#pragma once

#include <cstdint>
#include <string>

#include "common/result.h"

namespace genai::workload {

// What holding a value, a row or a level entry costs, beyond a value's bytes (std::string and
// std::vector objects, the levels' vectors while a page is decoded).
constexpr uint64_t kValueOverheadBytes = 32;
constexpr uint64_t kRowOverheadBytes = 24;
constexpr uint64_t kLevelBytes = 8;

class ParquetBudget {
 public:
  explicit ParquetBudget(uint64_t bytes) : limit_(bytes), left_(bytes) {}

  // Takes `bytes` from what is left; false (and nothing left) once the budget would be exceeded.
  bool charge(uint64_t bytes) {
    if (bytes > left_) {
      left_ = 0;
      return false;
    }
    left_ -= bytes;
    return true;
  }
  uint64_t limit() const { return limit_; }

 private:
  uint64_t limit_;
  uint64_t left_;
};

inline Error over_budget(const ParquetBudget& budget) {
  return make_error("the columns asked for take more than " + std::to_string(budget.limit() >> 20) +
                    " MiB decoded (the reader's limit)");
}

}  // namespace genai::workload
