#include "report/server_metrics_json.h"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

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

std::optional<double> number_at(const json::object& object, const char* key) {
  const json::value* value = object.if_contains(key);
  return value != nullptr && value->is_number() ? std::optional(value->to_number<double>()) : std::nullopt;
}

const json::object* object_at(const json::object& object, const char* key) {
  const json::value* value = object.if_contains(key);
  return value != nullptr && value->is_object() ? &value->as_object() : nullptr;
}

std::optional<metrics::GaugeOverRun> gauge_from(const json::object& object, const char* key) {
  const json::object* gauge = object_at(object, key);
  if (gauge == nullptr) return std::nullopt;
  return metrics::GaugeOverRun{number_at(*gauge, "mean").value_or(0), number_at(*gauge, "max").value_or(0)};
}

std::optional<metrics::ServerLatency> latency_from(const json::object& object, const char* key) {
  const json::object* latency = object_at(object, key);
  if (latency == nullptr) return std::nullopt;
  return metrics::ServerLatency{number_at(*latency, "observations").value_or(0), number_at(*latency, "p50"),
                                number_at(*latency, "p90"), number_at(*latency, "p99"), number_at(*latency, "mean")};
}

metrics::ServerMetricsSummary server_from_json(const json::object& object) {
  metrics::ServerMetricsSummary server;
  if (const json::value* url = object.if_contains("url"); url != nullptr && url->is_string()) server.url = url->as_string();
  if (const json::object* scrapes = object_at(object, "scrapes")) {
    server.scrapes_ok = static_cast<uint64_t>(number_at(*scrapes, "ok").value_or(0));
    server.scrapes_failed = static_cast<uint64_t>(number_at(*scrapes, "failed").value_or(0));
    if (const json::value* error = scrapes->if_contains("first_error"); error != nullptr && error->is_string()) {
      server.first_error = error->as_string();
    }
  }
  server.requests_running = gauge_from(object, "requests_running");
  server.requests_waiting = gauge_from(object, "requests_waiting");
  server.kv_cache_usage = gauge_from(object, "kv_cache_usage");
  server.prefix_cache_hit_rate = number_at(object, "prefix_cache_hit_rate");
  server.prompt_tokens = number_at(object, "prompt_tokens");
  server.generation_tokens = number_at(object, "generation_tokens");
  server.requests_finished = number_at(object, "requests_finished");
  server.generation_tokens_per_s = number_at(object, "generation_tokens_per_s");
  server.ttft = latency_from(object, "ttft_ms");
  server.itl = latency_from(object, "itl_ms");
  server.e2e = latency_from(object, "e2e_ms");
  return server;
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

std::vector<metrics::ServerMetricsSummary> server_metrics_from_json(const json::value& array) {
  std::vector<metrics::ServerMetricsSummary> servers;
  if (!array.is_array()) return servers;
  for (const json::value& server : array.as_array()) {
    if (server.is_object()) servers.push_back(server_from_json(server.as_object()));
  }
  return servers;
}

void restore_server_metrics(const std::string& summary_json_path, std::vector<metrics::RunSummary>& summaries) {
  std::ifstream file(summary_json_path);
  if (!file) return;
  std::stringstream contents;
  contents << file.rdbuf();
  json::error_code error;
  const json::value runs = json::parse(contents.str(), error);
  if (error || !runs.is_array()) return;
  for (const json::value& run : runs.as_array()) {
    if (!run.is_object()) continue;
    const json::value* servers = run.as_object().if_contains("server_metrics");
    const std::optional<double> run_index = number_at(run.as_object(), "run_index");
    if (servers == nullptr || !run_index) continue;
    for (metrics::RunSummary& summary : summaries) {
      if (summary.run.run_index == *run_index) summary.server_metrics = server_metrics_from_json(*servers);
    }
  }
}

}  // namespace genai::report
