// Test helper: a LoadTarget for an OpenAI chat backend with the built-in prompts and a run plan
// of scenario N(64,16)/(8,2), for the unit tests that build requests without a server (the
// request feed, shards).
#pragma once

#include <memory>

#include "api/backend.h"
#include "load/load_target.h"
#include "load/run_plan.h"
#include "workload/prompt_source.h"

namespace genai::testing {

struct LoadFixture {
  LoadFixture() {
    api::BackendOptions options;
    options.model = "m";
    backend = std::move(api::make_backend("openai", options).value());
    target.backend = backend.get();
    target.host_header = "127.0.0.1:1";
    target.prompts = &prompts;
    plan.scenario = *workload::parse_scenario("N(64,16)/(8,2)");
  }
  workload::PromptSource prompts = workload::PromptSource::built_in();
  std::unique_ptr<api::Backend> backend;
  load::LoadTarget target;
  load::RunPlan plan;
};

}  // namespace genai::testing
