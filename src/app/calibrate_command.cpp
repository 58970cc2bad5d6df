#include "app/calibrate_command.h"

#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/benchmark_command.h"
#include "app/exit_status.h"
#include "app/experiment_runner.h"
#include "app/mock_process.h"
#include "metrics/calibration.h"
#include "mock/write_log.h"
#include "net/one_shot_http.h"
#include "report/record_json.h"

namespace genai::app {
namespace {

namespace json = boost::json;

// A client error (or lateness) at p99 within this is a measurement to trust.
constexpr double kTrustedP99Ms = 1.0;

struct CpuPlan {
  std::vector<int> client, mock;
  std::string note;  // what was done, or why not
};

std::string cpu_list(const std::vector<int>& cpus) {
  std::string text;
  for (int cpu : cpus) text += (text.empty() ? "" : ",") + std::to_string(cpu);
  return text;
}

// Half the CPUs for the client (the first), half for the mock; with one CPU, both share it.
CpuPlan plan_cpus() {
  CpuPlan plan;
  const std::vector<int> cpus = allowed_cpus();
  if (cpus.size() < 2) {
    plan.note = "one CPU: the client and the mock share it, so their figures include each other's load";
    return plan;
  }
  const size_t half = cpus.size() / 2;
  plan.client.assign(cpus.begin(), cpus.begin() + static_cast<std::ptrdiff_t>(half));
  plan.mock.assign(cpus.begin() + static_cast<std::ptrdiff_t>(half), cpus.end());
  plan.note = "client on CPUs " + cpu_list(plan.client) + ", mock on CPUs " + cpu_list(plan.mock);
  return plan;
}

json::object error_json(const metrics::Statistics& stats) {
  return {{"mean", stats.mean}, {"p50", stats.p50}, {"p99", stats.p99}, {"max", stats.max}, {"count", stats.count}};
}

Result<std::unordered_map<std::string, metrics::ServerWrites>> fetch_writes(const std::string& mock_url,
                                                                           const std::string& folder) {
  // Every content write of every request: 64 tokens at 40,000 requests is over 100 MB of JSON.
  const std::string url = mock_url + "/mock/writes";  // the request holds a view of it
  net::OneShotRequest request{"GET", url, {}, {}, std::chrono::seconds(120)};
  request.max_body_bytes = size_t{4} << 30;
  auto reply = net::request_once(request);
  if (!reply) return make_error("cannot read the mock's write log: " + reply.error());
  if (reply->status != 200) return make_error("the mock's write log: HTTP " + std::to_string(reply->status));
  std::ofstream(folder + "/mock_writes.jsonl", std::ios::binary) << reply->body;
  auto entries = mock::parse_write_log(reply->body);
  if (!entries) return make_error(entries.error());
  std::unordered_map<std::string, metrics::ServerWrites> by_id;
  for (mock::RequestWrites& entry : *entries) {
    by_id[entry.id] = {entry.arrival_ns, std::move(entry.due_ns), std::move(entry.written_ns)};
  }
  return by_id;
}

Result<std::vector<metrics::RequestRecord>> read_records(const std::string& folder) {
  std::ifstream file(folder + "/records.jsonl");
  if (!file) return make_error(folder + "/records.jsonl: cannot read it");
  std::vector<metrics::RequestRecord> records;
  std::string line;
  for (size_t number = 1; std::getline(file, line); ++number) {
    auto record = report::record_from_json_line(line);
    if (!record) return make_error(folder + "/records.jsonl, line " + std::to_string(number) + ": " + record.error());
    records.push_back(std::move(*record));
  }
  return records;
}

// Each run's client read delay, send lag and (open loop) lateness from summary.json, read once:
// {"client_read_delay_ms": {mean, p50, p99, max}, "client_send_lag_ms": {...}[, "client_lateness_ms": {...}]}.
// The first two are always there (empty when the summary has none); lateness only when it has it.
std::vector<json::object> client_side(const std::string& folder) {
  std::vector<json::object> by_run;
  std::ifstream file(folder + "/summary.json");
  std::stringstream text;
  text << file.rdbuf();
  boost::system::error_code error;
  const json::value summaries = json::parse(text.str(), error);
  if (error || !summaries.is_array()) return by_run;
  for (const json::value& run : summaries.as_array()) {
    json::object client;
    for (const char* key : {"client_read_delay_ms", "client_send_lag_ms", "client_lateness_ms"}) {
      const json::value* stats = run.is_object() ? run.as_object().if_contains(key) : nullptr;
      json::object picked;
      if (stats != nullptr && stats->is_object()) {
        for (const char* name : {"mean", "p50", "p99", "max"}) {
          if (const json::value* value = stats->as_object().if_contains(name)) picked[name] = *value;
        }
      }
      if (!picked.empty() || std::string_view(key) != "client_lateness_ms") client[key] = std::move(picked);
    }
    by_run.push_back(std::move(client));
  }
  return by_run;
}

double worst_p99(const metrics::CalibrationRun& run) {
  return std::max({run.ttft_error_ms.p99, run.itl_error_ms.p99, run.e2e_error_ms.p99});
}

std::string run_verdict(const metrics::CalibrationRun& run) {
  if (run.paired == 0) return "no request could be paired with the mock's log";
  char text[200];
  const double client = worst_p99(run);
  if (client <= kTrustedP99Ms) {
    std::snprintf(text, sizeof text, "within %.0f ms at p99 (client error p99 %.3f ms)", kTrustedP99Ms, client);
  } else {
    std::snprintf(text, sizeof text, "client error p99 %.2f ms: above %.0f ms", client, kTrustedP99Ms);
  }
  std::string verdict = text;
  if (run.mock_lateness_ms.p99 > kTrustedP99Ms) {
    std::snprintf(text, sizeof text, "; the mock wrote late (p99 %.2f ms): its CPUs, not the client, set the pace",
                  run.mock_lateness_ms.p99);
    verdict += text;
  }
  return verdict;
}

}  // namespace

int run_calibrate_command(cli::BenchmarkOptions options, const std::string& command_line, load::StopControl& stop) {
  if (!options.api_base.empty() || !options.config_path.empty()) {
    std::cerr << "genai-bench calibrate: it measures against its own mock: no --api-base or --config\n";
    return kExitBadCommandLine;
  }
  if (!options.shard.empty() || !options.start_at.empty()) {
    std::cerr << "genai-bench calibrate: it measures this machine alone: no --shard or --start-at\n";
    return kExitBadCommandLine;
  }
  // What the table measured, unless the command line says otherwise.
  if (options.traffic_scenarios.empty()) options.traffic_scenarios = {"D(100,64)"};
  if (options.num_concurrency.empty() && options.request_rate.empty()) options.num_concurrency = {1, 100, 1000};
  if (options.experiment_name.empty()) options.experiment_name = "calibrate";

  const CpuPlan cpus = plan_cpus();
  const int mock_threads = std::max<int>(1, static_cast<int>(cpus.mock.size()));
  std::ostringstream ttft, itl;
  ttft << options.mock_ttft_ms;
  itl << options.mock_itl_ms;
  auto mock = MockProcess::start({"--ttft-ms", ttft.str(), "--itl-ms", itl.str(), "--threads", std::to_string(mock_threads),
                                  "--seed", std::to_string(options.seed), "--record-writes"},
                                 cpus.mock);
  if (!mock) {
    std::cerr << "genai-bench calibrate: " << mock.error() << "\n";
    return kExitBadCommandLine;
  }
  std::string pinning = cpus.note;
  if (!cpus.client.empty() && !pin_this_thread(cpus.client)) pinning += " (pinning refused: not pinned)";
  if (options.threads == 0 && !cpus.client.empty()) options.threads = static_cast<int>(cpus.client.size());
  std::cout << "genai-bench calibrate: the mock (TTFT " << options.mock_ttft_ms << " ms, ITL " << options.mock_itl_ms
            << " ms) runs at " << (*mock)->base_url() << "; " << pinning << "\n";

  options.api_base = (*mock)->base_url();
  if (options.api_model_name.empty()) options.api_model_name = "mock-model";
  auto setup = checked_benchmark_setup(options, command_line);
  if (!setup) {
    std::cerr << "genai-bench calibrate: " << setup.error() << "\n";
    return kExitBadCommandLine;
  }
  setup->send_request_ids = true;
  const int code = run_experiment(*setup, stop);
  if (code != kExitOk && code != kExitNoRequestSucceeded) return code;

  auto writes = fetch_writes((*mock)->base_url(), setup->folder);
  const std::string mock_account = (*mock)->stop();
  if (!writes) {
    std::cerr << "genai-bench calibrate: " << writes.error() << "\n";
    return kExitResultsNotWritten;
  }
  auto records = read_records(setup->folder);
  if (!records) {
    std::cerr << "genai-bench calibrate: " << records.error() << "\n";
    return kExitResultsNotWritten;
  }
  const std::vector<metrics::CalibrationRun> runs = metrics::calibrate_runs(*records, *writes, setup->steady_origin_ns);
  const std::vector<json::object> client = client_side(setup->folder);

  json::array run_objects;
  std::string trusted_up_to;
  bool all_trusted_so_far = true;
  std::printf("\ncalibration: client error = client observation - the mock's write of the same event\n");
  std::printf("%-12s %8s %8s  %-27s %-27s %-27s %-14s\n", "scenario", "load", "paired", "TTFT error ms p50/p99/max",
              "ITL error ms p50/p99/max", "E2E error ms p50/p99/max", "mock late p99");
  for (const metrics::CalibrationRun& run : runs) {
    const metrics::RunDescription* description =
        run.run_index < setup->descriptions.size() ? &setup->descriptions[run.run_index] : nullptr;
    const std::string scenario = description ? description->scenario : "?";
    const std::string load = description ? description->load_label() : "?";
    const std::string verdict = run_verdict(run);
    const bool trusted = run.paired > 0 && worst_p99(run) <= kTrustedP99Ms;
    all_trusted_so_far = all_trusted_so_far && trusted;
    if (all_trusted_so_far) trusted_up_to = load;
    auto triple = [](const metrics::Statistics& stats) {
      char text[64];
      std::snprintf(text, sizeof text, "%.3f/%.3f/%.3f", stats.p50, stats.p99, stats.max);
      return std::string(text);
    };
    std::printf("%-12s %8s %8llu  %-27s %-27s %-27s %-14.3f\n", scenario.c_str(), load.c_str(),
                static_cast<unsigned long long>(run.paired), triple(run.ttft_error_ms).c_str(),
                triple(run.itl_error_ms).c_str(), triple(run.e2e_error_ms).c_str(), run.mock_lateness_ms.p99);
    std::printf("  %s @ %s: %s\n", scenario.c_str(), load.c_str(), verdict.c_str());
    run_objects.push_back(json::object{
        {"run", run.run_index},
        {"scenario", scenario},
        {"load", load},
        {"requests_ok", run.requests},
        {"requests_paired", run.paired},
        {"client_error_ms", json::object{{"ttft", error_json(run.ttft_error_ms)},
                                         {"itl", error_json(run.itl_error_ms)},
                                         {"e2e", error_json(run.e2e_error_ms)}}},
        {"mock_lateness_ms", error_json(run.mock_lateness_ms)},
        {"client_read_delay_ms", json::object()},
        {"client_send_lag_ms", json::object()},
        {"verdict", verdict}});
    if (run.run_index < client.size()) {
      for (const auto& [key, stats] : client[run.run_index]) run_objects.back().as_object()[key] = stats;
    }
  }
  const std::string verdict = trusted_up_to.empty()
                                  ? "this machine did not measure within 1 ms at p99 at any load tried"
                                  : "this machine measures within 1 ms at p99 up to " + trusted_up_to +
                                        (trusted_up_to.find('/') != std::string::npos ? "" : " users") + " (of the loads tried)";
  std::printf("%s\n", verdict.c_str());
  if (!mock_account.empty()) std::printf("the mock's own account: %s", mock_account.c_str());

  json::object calibration{{"cpus", json::object{{"client", cpu_list(cpus.client)}, {"mock", cpu_list(cpus.mock)}, {"note", pinning}}},
                           {"mock", json::object{{"ttft_ms", options.mock_ttft_ms}, {"itl_ms", options.mock_itl_ms},
                                                 {"threads", mock_threads}}},
                           // records.jsonl's times are from this instant of the steady clock, mock_writes.jsonl's from its epoch
                           {"steady_origin_ns", setup->steady_origin_ns},
                           {"runs", std::move(run_objects)},
                           {"verdict", verdict}};
  std::ofstream out(setup->folder + "/calibration.json");
  out << json::serialize(calibration) << "\n";
  if (!out) {
    std::cerr << "genai-bench calibrate: cannot write " << setup->folder << "/calibration.json\n";
    return kExitResultsNotWritten;
  }
  std::printf("calibration: %s/calibration.json\n", setup->folder.c_str());
  return code;
}

}  // namespace genai::app
