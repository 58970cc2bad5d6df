// How a run is told to stop: Ctrl-C sets stop_requested (no new requests; those in flight get a
// grace period), a second Ctrl-C or the end of the grace period sets cancel_requested. A failed
// write of the records stops the run the same way, and says why in records_unwritable.
#pragma once

#include <atomic>

namespace genai::load {

struct StopControl {
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> cancel_requested{false};
  std::atomic<bool> records_unwritable{false};
};

}  // namespace genai::load
