// The mock's GET /metrics: vLLM's Prometheus families, names, types, labels and histogram buckets,
// computed from the mock's own send-side truth (mock/send_truth.h), so a client scraping the mock
// can check what it reads against what the mock knows it did.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mock/send_truth.h"

namespace genai::mock {

// "text/plain; version=0.0.4; charset=utf-8", as Python's prometheus_client serves it.
inline constexpr std::string_view kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

// The exposition text of the threads' truth together. `max_batch` is --max-batch (0: none): KV-cache
// usage is defined as running requests / max_batch, and 0 without a batch limit (the mock has no
// KV cache; a full batch is what "full" means to it).
std::string prometheus_text(const std::vector<const SendTruth*>& threads, std::string_view model_name, int max_batch);

}  // namespace genai::mock
