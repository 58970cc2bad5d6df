// --server-metrics against the mock, whose /metrics is its own send-side truth in vLLM's names:
// every run's scrapes are in server_metrics.jsonl, and summary.json's server TTFT, token counts and
// the client-minus-server difference agree with the mock's injected delays and the client's records.
// A URL nobody answers gives error lines and a note, never a failed run, and its credentials are
// never written.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <set>

#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;

double number(const json::value& value) { return value.to_number<double>(); }

// A loopback port that was free a moment ago, with nothing listening on it.
uint16_t unused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

TEST(ServerMetrics, TheMocksMetricsAgreeWithItsInjectedDelaysAndTheClientsRecords) {
  MockProcess mock({"--ttft-ms", "80", "--itl-ms", "10"});
  const std::string folder = make_temporary_folder();
  // Each request: 80 ms, then 19 gaps of 10 ms: 0.27 s; 8 of them 2 and 4 at a time: ~1.1 s and ~0.55 s.
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                         "--traffic-scenario", "D(100,20)", "--num-concurrency", "2,4",
                                         "--max-requests-per-run", "8", "--server-metrics", mock.base_url() + "/metrics",
                                         "--server-metrics-interval", "200ms", "--output-dir", folder,
                                         "--experiment-name", "scraped", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;

  // Every run was scraped before, during and after, each scrape a page in the file.
  std::map<int64_t, std::set<std::string>> phases_by_run;
  for (const std::string& line : read_lines(folder + "/scraped/server_metrics.jsonl")) {
    const json::object scrape = json::parse(line).as_object();
    EXPECT_TRUE(scrape.at("ok").as_bool()) << line;
    EXPECT_EQ(scrape.at("url").as_string(), mock.base_url() + "/metrics");
    EXPECT_NE(std::string(scrape.at("text").as_string()).find("vllm:time_to_first_token_seconds_bucket"), std::string::npos);
    phases_by_run[scrape.at("run").to_number<int64_t>()].insert(std::string(scrape.at("phase").as_string()));
  }
  ASSERT_EQ(phases_by_run.size(), 2u);
  for (const auto& [run_index, phases] : phases_by_run) {
    EXPECT_EQ(phases, (std::set<std::string>{"before", "during", "after"})) << "run " << run_index;
  }

  std::map<int64_t, double> output_tokens_by_run;
  for (const std::string& line : read_lines(folder + "/scraped/records.jsonl")) {
    const json::value record = json::parse(line);
    output_tokens_by_run[record.at("run").to_number<int64_t>()] += number(record.at("output_tokens"));
  }
  const json::array summaries = read_json_file(folder + "/scraped/summary.json").as_array();
  ASSERT_EQ(summaries.size(), 2u);
  for (const json::value& summary : summaries) {
    const int64_t run_index = summary.at("run_index").to_number<int64_t>();
    const json::object server = summary.at("server_metrics").as_array().at(0).as_object();
    SCOPED_TRACE(json::serialize(server));
    EXPECT_EQ(number(server.at("scrapes").at("failed")), 0);
    // The mock's counters: exactly what the client received.
    EXPECT_EQ(number(server.at("generation_tokens")), output_tokens_by_run.at(run_index));
    EXPECT_EQ(number(server.at("requests_finished")), 8);
    EXPECT_EQ(number(server.at("ttft_ms").at("observations")), 8);
    EXPECT_EQ(number(server.at("itl_ms").at("observations")), 8 * 19);
    // Every served TTFT is 80 ms and a little: all in vLLM's (80 ms, 100 ms] bucket, whose
    // interpolated median is within that bucket (the histogram's resolution there).
    const double server_ttft_p50 = number(server.at("ttft_ms").at("p50"));
    EXPECT_GE(server_ttft_p50, 80);
    EXPECT_LE(server_ttft_p50, 100);
    // The mean is the exact sum over the count: at least the injected 80 ms.
    EXPECT_GE(number(server.at("ttft_ms").at("mean")), 80);
    // Client minus server: the server's clock starts when the request has arrived and stops when
    // its first token is handed to the kernel, inside the client's (but for the moment between the
    // kernel taking the bytes, which the client's receive time stamps, and the mock reading its
    // clock after the write); the median's difference is the client's (just above 80 ms) less the
    // bucket's interpolation (90 ms), so no lower than a bucket's width.
    const json::object difference = server.at("network_and_client_ms").as_object();
    EXPECT_GE(number(difference.at("ttft_mean")), -1.0);
    EXPECT_GE(number(difference.at("ttft_p50")), -20);
    EXPECT_LE(number(difference.at("ttft_p50")), 20);
    // The mock generates every request it has: none waits; no --max-batch, so no KV usage.
    const double concurrency = number(summary.at("concurrency"));
    EXPECT_GE(number(server.at("requests_running").at("max")), 1);
    EXPECT_LE(number(server.at("requests_running").at("max")), concurrency);
    EXPECT_EQ(number(server.at("requests_waiting").at("max")), 0);
    EXPECT_EQ(number(server.at("kv_cache_usage").at("max")), 0);
    EXPECT_FALSE(server.contains("prefix_cache_hit_rate")) << "no prefix-cache queries: no rate";
  }
  EXPECT_NE(run.output.find("server metrics in D(100,20) @ 2 from " + mock.base_url() + "/metrics: TTFT p50 server"),
            std::string::npos)
      << run.output;
}

TEST(ServerMetrics, AnUnreachableUrlIsNotedAndNeverFailsTheRun) {
  MockProcess mock({"--ttft-ms", "5", "--itl-ms", "1"});
  const std::string folder = make_temporary_folder();
  const std::string url = "http://scraper:s3cret-pass@127.0.0.1:" + std::to_string(unused_port()) + "/metrics";
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                         "--traffic-scenario", "D(10,5)", "--num-concurrency", "1",
                                         "--max-requests-per-run", "3", "--server-metrics", url,
                                         "--server-metrics-interval", "50ms", "--output-dir", folder,
                                         "--experiment-name", "unreachable", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("server metrics: cannot scrape"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("no scrape succeeded"), std::string::npos) << run.output;
  const std::vector<std::string> lines = read_lines(folder + "/unreachable/server_metrics.jsonl");
  ASSERT_GE(lines.size(), 2u);  // before and after, at least
  for (const std::string& line : lines) {
    const json::object scrape = json::parse(line).as_object();
    EXPECT_FALSE(scrape.at("ok").as_bool()) << line;
    EXPECT_FALSE(scrape.at("error").as_string().empty()) << line;
    EXPECT_NE(std::string(scrape.at("url").as_string()).find("scraper:***@"), std::string::npos) << line;
  }
  const json::object server =
      read_json_file(folder + "/unreachable/summary.json").as_array().at(0).at("server_metrics").as_array().at(0).as_object();
  EXPECT_EQ(number(server.at("scrapes").at("ok")), 0);
  EXPECT_GE(number(server.at("scrapes").at("failed")), 2);
  EXPECT_FALSE(server.contains("ttft_ms"));
  for (const char* file : {"server_metrics.jsonl", "summary.json", "experiment.json", "experiment_metadata.json"}) {
    EXPECT_EQ(read_text(folder + "/unreachable/" + file).find("s3cret-pass"), std::string::npos) << file;
  }
  EXPECT_EQ(run.output.find("s3cret-pass"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace genai::testing
