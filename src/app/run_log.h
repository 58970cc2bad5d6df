// The experiment's log file (genai_bench.log, the name Python genai-bench gives its own): every
// line the console got, stamped with the time, so a run watched by nobody (a CI job, a Slurm
// batch) still says what happened. The console is copied from the start; the lines said before
// the experiment's folder exists are kept and written first once the file is opened. The live
// dashboard's redrawn frames are not copied (the log gets each run's final line instead).
#pragma once

#include <string>

#include "common/result.h"

namespace genai::app {

class ConsoleLog {
 public:
  // Starts copying std::cout and std::cerr; the destructor stops and closes the file.
  ConsoleLog();
  ~ConsoleLog();
  ConsoleLog(const ConsoleLog&) = delete;
  ConsoleLog& operator=(const ConsoleLog&) = delete;

  // Opens (appending) the file and writes the lines kept so far into it.
  Status open_file(const std::string& path);
};

// A line for the log only (nothing on the console): the dashboard's last frame of a run. A no-op
// when no ConsoleLog exists.
void log_only(const std::string& line);

}  // namespace genai::app
