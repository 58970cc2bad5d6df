// What the shards of one experiment must share, as one SHA-256 (shard.json's plan_sha256): the
// requests there are and when they are due. The shard flags, the output folder and this machine's
// own choices (threads, source addresses) are not in it, so shards started from one command line
// with a different index and folder agree, and `merge` refuses shards of different plans.
#pragma once

#include <string>

#include "app/experiment_runner.h"

namespace genai::app {

// The canonical text the hash is taken of (one "key=value" line each), and its SHA-256 in hex.
std::string shard_plan_text(const ExperimentSetup& setup);
std::string shard_plan_sha256(const ExperimentSetup& setup);

}  // namespace genai::app
