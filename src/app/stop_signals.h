// Ctrl-C handling: the first SIGINT/SIGTERM asks the run to stop (no new requests, in-flight ones
// get the grace period, every report is written); a second one cancels what is in flight.
#pragma once

#include "load/stop_control.h"

namespace genai::app {

void install_stop_signals(load::StopControl& stop);

}  // namespace genai::app
