#include "report/server_metrics_json.h"

#include <boost/json.hpp>

namespace genai::report {
namespace {

namespace json = boost::json;

json::value number_or_null(const std::optional<double>& value) { return value ? json::value(*value) : json::value(nullptr); }

void put(json::object& object, const char* key, const std::optional<double>& value) {
  if (value) object[key] = *value;
}

void put(json::object& object, const char* key, const std::optional<metrics::GaugeOverRun>& gauge) {
  if (gauge) object[key] = json::object{{"mean", gauge->mean}, {"max", gauge->max}};
}

void put(json::object& object, const char* key, const std::optional<metrics::ServerLatency>& latency) {
  if (!latency) return;
  object[key] = json::object{{"observations", latency->observations}, {"p50", number_or_null(latency->p50_ms)},
                             {"p90", number_or_null(latency->p90_ms)},    {"p99", number_or_null(latency->p99_ms)},
                             {"mean", number_or_null(latency->mean_ms)}};
}

}  // namespace

json::value server_metrics_json(const metrics::RunSummary& summary) {
  json::array array;
  for (const metrics::ServerMetricsSummary& server : summary.server_metrics) {
    json::object object;
    object["url"] = server.url;
    json::object scrapes{{"ok", server.scrapes_ok}, {"failed", server.scrapes_failed}};
    if (!server.first_error.empty()) scrapes["first_error"] = server.first_error;
    object["scrapes"] = std::move(scrapes);
    put(object, "requests_running", server.requests_running);
    put(object, "requests_waiting", server.requests_waiting);
    put(object, "kv_cache_usage", server.kv_cache_usage);
    put(object, "prefix_cache_hit_rate", server.prefix_cache_hit_rate);
    put(object, "prompt_tokens", server.prompt_tokens);
    put(object, "generation_tokens", server.generation_tokens);
    put(object, "requests_finished", server.requests_finished);
    put(object, "generation_tokens_per_s", server.generation_tokens_per_s);
    put(object, "ttft_ms", server.ttft);
    put(object, "itl_ms", server.itl);
    put(object, "e2e_ms", server.e2e);
    const metrics::NetworkAndClient difference = metrics::network_and_client(server, summary.ttft_ms, summary.itl_ms);
    json::object network_and_client;
    put(network_and_client, "ttft_p50", difference.ttft_p50_ms);
    put(network_and_client, "ttft_mean", difference.ttft_mean_ms);
    put(network_and_client, "itl_mean", difference.itl_mean_ms);
    if (!network_and_client.empty()) object["network_and_client_ms"] = std::move(network_and_client);
    array.push_back(std::move(object));
  }
  return array;
}

}  // namespace genai::report
