#include "mock/mock_options.h"

#include <charconv>
#include <cmath>

namespace genai::mock {
namespace {

bool parse_number(std::string_view text, double& out) {
  auto [rest, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && rest == text.data() + text.size() && std::isfinite(out) && out >= 0;
}

}  // namespace

Result<LatencyModel> parse_latency_model(const std::string& text) {
  const std::string expected = " (expected milliseconds, e.g. 10, or normal:MEAN,SD, e.g. normal:10,2)";
  LatencyModel model;
  std::string_view view(text);
  if (view.rfind("normal:", 0) == 0) {
    view.remove_prefix(7);
    const size_t comma = view.find(',');
    if (comma == std::string_view::npos || !parse_number(view.substr(0, comma), model.mean_ms) ||
        !parse_number(view.substr(comma + 1), model.stddev_ms)) {
      return make_error("invalid latency '" + text + "'" + expected);
    }
    return model;
  }
  if (!parse_number(view, model.mean_ms)) return make_error("invalid latency '" + text + "'" + expected);
  return model;
}

Result<MockOptions::FaultRate> parse_fault(const std::string& text, double default_rate) {
  const size_t colon = text.find(':');
  const std::string name = text.substr(0, colon);
  MockOptions::FaultRate fault{MockOptions::Fault::disconnect, default_rate};
  if (name == "disconnect") fault.fault = MockOptions::Fault::disconnect;
  else if (name == "error-event") fault.fault = MockOptions::Fault::error_event;
  else if (name == "malformed") fault.fault = MockOptions::Fault::malformed;
  else if (name == "reset") fault.fault = MockOptions::Fault::reset;
  else if (name == "throttle") fault.fault = MockOptions::Fault::throttle;
  else return make_error("--fault: unknown fault '" + name + "' (expected disconnect, error-event, malformed, reset or throttle)");
  if (colon != std::string::npos && (!parse_number(std::string_view(text).substr(colon + 1), fault.rate) || fault.rate > 1)) {
    return make_error("--fault " + text + ": the rate after ':' must be a number from 0 to 1");
  }
  return fault;
}

}  // namespace genai::mock
