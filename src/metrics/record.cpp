#include "metrics/record.h"

namespace genai::metrics {

std::string_view to_string(CountSource source) {
  switch (source) {
    case CountSource::none: return "none";
    case CountSource::usage: return "usage";
    case CountSource::tokenizer: return "tokenizer";
    case CountSource::events: return "events";
    case CountSource::estimate: return "estimate";
    case CountSource::generated: return "generated";
  }
  return "none";
}

CountSource count_source_from_string(std::string_view text) {
  if (text == "usage") return CountSource::usage;
  if (text == "tokenizer") return CountSource::tokenizer;
  if (text == "events") return CountSource::events;
  if (text == "estimate") return CountSource::estimate;
  if (text == "generated") return CountSource::generated;
  return CountSource::none;
}

}  // namespace genai::metrics
