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

Result<MockOptions::Fault> parse_fault(const std::string& text) {
  if (text == "disconnect") return MockOptions::Fault::disconnect;
  if (text == "error-event") return MockOptions::Fault::error_event;
  if (text == "malformed") return MockOptions::Fault::malformed;
  return make_error("--fault: unknown fault '" + text + "' (expected disconnect, error-event or malformed)");
}

}  // namespace genai::mock
