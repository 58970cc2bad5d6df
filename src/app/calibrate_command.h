// `genai-bench calibrate`: how far this machine's measurements can be trusted. It runs the load a
// `benchmark` command line describes against the built-in mock started as a separate process
// (pinned to other CPUs than the client's where the machine has two or more), which logs when it
// wrote every content event; the client's records are set against those writes. Per run it
// reports the client's own error (TTFT, ITL, E2E), the mock's lateness, the client's read delay
// and send lag, and a verdict; and in one line, up to which load the machine measures within
// 1 ms at p99. The experiment folder gets calibration.json and the mock's log (mock_writes.jsonl).
#pragma once

#include <string>

#include "cli/benchmark_options.h"
#include "load/stop_control.h"

namespace genai::app {

int run_calibrate_command(cli::BenchmarkOptions options, const std::string& command_line, load::StopControl& stop);

}  // namespace genai::app
