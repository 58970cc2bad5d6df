// Fuzzes the traffic-scenario grammar (workload/scenario): parsing any text, printing a parsed
// scenario back (which must parse to the same scenario), and sampling lengths from it.
// Input: the scenario text, as given to --traffic-scenario.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "workload/random.h"
#include "workload/scenario.h"

namespace {

using genai::workload::Scenario;

bool same(const Scenario& a, const Scenario& b) {
  return a.kind == b.kind && a.input_a == b.input_a && a.input_b == b.input_b && a.output_a == b.output_a &&
         a.output_b == b.output_b && a.short_uniform == b.short_uniform;
}

// The bounds the header promises (input at least 1, output at least 2, uniform draws inside their
// range). Checked where a double holds the bounds exactly; UBSan watches the conversions anyway.
void check_sample(const Scenario& scenario, const genai::workload::TokenLengths& lengths, const std::string& text) {
  constexpr int64_t kExact = int64_t{1} << 52;
  switch (scenario.kind) {
    case Scenario::Kind::deterministic:
      FUZZ_CHECK(lengths.input_tokens == scenario.input_a && lengths.output_tokens == scenario.output_a, "%s",
                 text.c_str());
      break;
    case Scenario::Kind::normal:
      FUZZ_CHECK(lengths.input_tokens >= 1 && lengths.output_tokens >= 2, "%s: %lld %lld", text.c_str(),
                 static_cast<long long>(lengths.input_tokens), static_cast<long long>(lengths.output_tokens));
      break;
    case Scenario::Kind::uniform:
      FUZZ_CHECK(lengths.input_tokens >= 1 && lengths.output_tokens >= 2, "%s", text.c_str());
      if (scenario.input_b < kExact && scenario.output_b < kExact) {
        FUZZ_CHECK(lengths.input_tokens >= std::max<int64_t>(1, scenario.input_a) &&
                       lengths.input_tokens <= std::max<int64_t>(1, scenario.input_b) &&
                       lengths.output_tokens >= std::max<int64_t>(2, scenario.output_a) &&
                       lengths.output_tokens <= std::max<int64_t>(2, scenario.output_b),
                   "%s: %lld %lld", text.c_str(), static_cast<long long>(lengths.input_tokens),
                   static_cast<long long>(lengths.output_tokens));
      }
      break;
    case Scenario::Kind::embedding:
    case Scenario::Kind::rerank:
    case Scenario::Kind::audio:  // A(chars): the characters to speak, nothing generated as tokens
      FUZZ_CHECK(lengths.input_tokens == scenario.input_a && lengths.output_tokens == 0, "%s", text.c_str());
      break;
    case Scenario::Kind::image:
      FUZZ_CHECK(lengths.input_tokens == genai::workload::kImagePromptTokens &&
                     lengths.output_tokens == genai::workload::kImageOutputTokens,
                 "%s", text.c_str());
      break;
    case Scenario::Kind::dataset:  // the dataset's own prompts: no input drawn, the default output
      FUZZ_CHECK(lengths.input_tokens == 0 && lengths.output_tokens == genai::workload::kDatasetOutputTokens, "%s",
                 text.c_str());
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = genai::workload::parse_scenario(text);
  if (!parsed) {
    FUZZ_CHECK(!parsed.error().empty(), "an error without a message for '%s'", text.c_str());
    return 0;
  }
  const Scenario& scenario = *parsed;
  const std::string printed = scenario.to_string();
  auto reparsed = genai::workload::parse_scenario(printed);
  FUZZ_CHECK(reparsed && same(*reparsed, scenario), "'%s' prints as '%s', which parses %s", text.c_str(),
             printed.c_str(), reparsed ? "differently" : ("to an error: " + reparsed.error()).c_str());
  FUZZ_CHECK(reparsed->to_string() == printed, "'%s' prints differently after a round trip", printed.c_str());
  const std::string stem = scenario.file_stem();
  FUZZ_CHECK(!stem.empty() && stem.find_first_of("()/,") == std::string::npos, "file stem '%s'", stem.c_str());
  // Every scenario names its task, but `dataset`, which belongs to every task.
  FUZZ_CHECK(scenario.task().empty() == (scenario.kind == Scenario::Kind::dataset), "task of '%s'", printed.c_str());

  for (uint64_t seed = 0; seed < 4; ++seed) {
    genai::workload::Random random(seed ^ size);
    check_sample(scenario, scenario.sample(random), printed);
  }
  return 0;
}
