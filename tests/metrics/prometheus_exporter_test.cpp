// The Prometheus text parser on a real exporter's page: Debian's prometheus-node-exporter (1.5.0,
// scripts/install-deps.sh) started on a free loopback port, its /metrics fetched over a socket
// and checked against the raw text and against /proc. Its textfile collector re-serves a histogram
// we write, so Go's own encoder (client_golang's expfmt) writes the histogram and escapes we parse.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "metrics/prometheus_text.h"

extern char** environ;

namespace genai::metrics {
namespace {

constexpr const char* kExporter = "/usr/bin/prometheus-node-exporter";

// A histogram and special values for the textfile collector, with every label escape in one value.
constexpr std::string_view kTextfile =
    "# HELP bench_latency_seconds Latency with a \\\\ backslash and a \\n line feed.\n"
    "# TYPE bench_latency_seconds histogram\n"
    "bench_latency_seconds_bucket{path=\"say \\\"hi\\\" C:\\\\tmp\\nnext\",le=\"0.1\"} 2\n"
    "bench_latency_seconds_bucket{path=\"say \\\"hi\\\" C:\\\\tmp\\nnext\",le=\"0.5\"} 6\n"
    "bench_latency_seconds_bucket{path=\"say \\\"hi\\\" C:\\\\tmp\\nnext\",le=\"1\"} 9\n"
    "bench_latency_seconds_bucket{path=\"say \\\"hi\\\" C:\\\\tmp\\nnext\",le=\"+Inf\"} 10\n"
    "bench_latency_seconds_sum{path=\"say \\\"hi\\\" C:\\\\tmp\\nnext\"} 4.2\n"
    "bench_latency_seconds_count{path=\"say \\\"hi\\\" C:\\\\tmp\\nnext\"} 10\n"
    "# TYPE bench_values gauge\n"
    "bench_values{kind=\"nan\"} NaN\n"
    "bench_values{kind=\"big\"} 1.5e300\n"
    "bench_values{kind=\"negative_infinity\"} -Inf\n";

uint16_t free_loopback_port() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  uint16_t port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

// One HTTP/1.0 GET (so no chunking and no keep-alive, and no gzip as we do not ask for it):
// the whole response, or nothing when the server is not there (yet).
std::optional<std::string> http_get(uint16_t port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  const timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::optional<std::string> response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    const std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
      std::string received;
      char buffer[16384];
      ssize_t got = 0;
      while ((got = recv(fd, buffer, sizeof buffer, 0)) > 0) received.append(buffer, static_cast<size_t>(got));
      if (got == 0) response = std::move(received);
    }
  }
  close(fd);
  return response;
}

// The exporter in a child process, stopped (and waited for) when this goes out of scope.
class ExporterProcess {
 public:
  explicit ExporterProcess(std::vector<std::string> arguments) {
    std::vector<char*> argv;
    for (std::string& argument : arguments) argv.push_back(argument.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);  // its log
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~ExporterProcess() {
    if (!running()) return;
    kill(pid_, SIGTERM);
    for (int waited_ms = 0; waited_ms < 5000 && running(); waited_ms += 10) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (running()) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  ExporterProcess(const ExporterProcess&) = delete;
  ExporterProcess& operator=(const ExporterProcess&) = delete;

  bool running() {
    if (pid_ <= 0) return false;
    if (waitpid(pid_, nullptr, WNOHANG) == 0) return true;
    pid_ = -1;  // exited, and reaped
    return false;
  }

 private:
  pid_t pid_ = -1;
};

// A fresh folder under the temporary directory, removed with what it holds.
class TemporaryFolder {
 public:
  TemporaryFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "prometheus_exporter_test.XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TemporaryFolder() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

// The /proc/meminfo MemTotal in bytes (the file gives kB), read here independently of the exporter.
double mem_total_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  double kilobytes = 0;
  while (meminfo >> key >> kilobytes) {
    if (key == "MemTotal:") return kilobytes * 1024;
    meminfo.ignore(1024, '\n');
  }
  return -1;
}

// The number of "cpuN" lines of /proc/stat: the CPUs node_cpu_seconds_total reports.
size_t cpus_in_proc_stat() {
  std::ifstream stat("/proc/stat");
  size_t cpus = 0;
  for (std::string line; std::getline(stat, line);) {
    if (line.size() > 3 && line.rfind("cpu", 0) == 0 && std::isdigit(static_cast<unsigned char>(line[3]))) ++cpus;
  }
  return cpus;
}

TEST(PrometheusExporter, ParsesNodeExporterPage) {
  if (access(kExporter, X_OK) != 0) {
    GTEST_SKIP() << kExporter << " is not installed (scripts/install-deps.sh installs prometheus-node-exporter)";
  }
  TemporaryFolder textfiles;
  ASSERT_FALSE(textfiles.path().empty());
  std::ofstream(textfiles.path() / "bench.prom") << kTextfile;
  const uint16_t port = free_loopback_port();
  ASSERT_NE(port, 0);
  // Collectors that read only /proc, so they work in a container; the exporter's own go_ and
  // promhttp_ families come with them.
  ExporterProcess exporter({kExporter, "--web.listen-address=127.0.0.1:" + std::to_string(port),
                            "--collector.disable-defaults", "--collector.cpu", "--collector.meminfo",
                            "--collector.loadavg", "--collector.textfile",
                            "--collector.textfile.directory=" + textfiles.path().string(), "--log.level=error"});
  std::optional<std::string> response;
  for (int tries = 0; tries < 200 && !response && exporter.running(); ++tries) {
    response = http_get(port, "/metrics");
    if (!response) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(response) << "no answer from the exporter on port " << port;
  ASSERT_EQ(response->substr(0, 12).substr(9), "200") << response->substr(0, 200);
  const size_t body_start = response->find("\r\n\r\n");
  ASSERT_NE(body_start, std::string::npos);
  const std::string headers = response->substr(0, body_start);
  EXPECT_NE(headers.find("version=0.0.4"), std::string::npos) << headers;
  const std::string page = response->substr(body_start + 4);

  Result<std::vector<PrometheusFamily>> parsed = parse_prometheus_text(page);
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  const std::vector<PrometheusFamily>& families = *parsed;

  // Counted from the raw text: each sample line, and each family's declared type.
  size_t sample_lines = 0, parsed_samples = 0, type_lines = 0;
  for (const std::string& line : lines_of(page)) {
    if (!line.empty() && line[0] != '#') ++sample_lines;
    if (line.rfind("# TYPE ", 0) != 0) continue;
    ++type_lines;
    std::istringstream words(line.substr(7));
    std::string name, type;
    words >> name >> type;
    const PrometheusFamily* declared = find_family(families, name);
    ASSERT_NE(declared, nullptr) << line;
    EXPECT_EQ(to_string(declared->type), type) << line;
    EXPECT_FALSE(declared->help.empty()) << line;
  }
  for (const PrometheusFamily& one : families) parsed_samples += one.samples.size();
  EXPECT_EQ(parsed_samples, sample_lines);
  EXPECT_EQ(families.size(), type_lines);  // Go's encoder types every family and writes no empty one
  std::cout << "node exporter page: " << page.size() << " bytes, " << families.size() << " families, "
            << parsed_samples << " samples\n";

  const PrometheusFamily* cpu = find_family(families, "node_cpu_seconds_total");
  ASSERT_NE(cpu, nullptr);
  EXPECT_EQ(cpu->type, PrometheusType::counter);
  std::set<std::string> cpus, modes;
  for (const PrometheusSample& sample : cpu->samples) {
    ASSERT_TRUE(sample.label("cpu") && sample.label("mode"));
    cpus.emplace(*sample.label("cpu"));
    modes.emplace(*sample.label("mode"));
    EXPECT_GE(sample.value, 0);
  }
  EXPECT_EQ(cpus.size(), cpus_in_proc_stat());
  for (const char* mode : {"idle", "user", "system"}) EXPECT_TRUE(modes.count(mode)) << mode;

  const PrometheusFamily* gc = find_family(families, "go_gc_duration_seconds");
  ASSERT_NE(gc, nullptr);
  EXPECT_EQ(gc->type, PrometheusType::summary);
  std::vector<std::string> quantiles;
  for (const PrometheusSample& sample : gc->samples) {
    if (std::optional<std::string_view> quantile = sample.label("quantile")) quantiles.emplace_back(*quantile);
  }
  EXPECT_EQ(quantiles, (std::vector<std::string>{"0", "0.25", "0.5", "0.75", "1"}));
  ASSERT_EQ(gc->samples.size(), 7u);  // and _sum, _count
  EXPECT_EQ(gc->samples[5].name, "go_gc_duration_seconds_sum");
  EXPECT_EQ(gc->samples[6].name, "go_gc_duration_seconds_count");

  const PrometheusFamily* handler = find_family(families, "promhttp_metric_handler_requests_total");
  ASSERT_NE(handler, nullptr);
  EXPECT_EQ(handler->type, PrometheusType::counter);
  std::set<std::string> codes;
  for (const PrometheusSample& sample : handler->samples) codes.emplace(sample.label("code").value_or("none"));
  EXPECT_EQ(codes, (std::set<std::string>{"200", "500", "503"}));

  const PrometheusFamily* memory = find_family(families, "node_memory_MemTotal_bytes");
  ASSERT_NE(memory, nullptr);
  EXPECT_EQ(memory->type, PrometheusType::gauge);
  EXPECT_EQ(memory->samples.at(0).value, mem_total_bytes());
  const PrometheusFamily* load = find_family(families, "node_load1");
  ASSERT_NE(load, nullptr);
  EXPECT_GE(load->samples.at(0).value, 0);

  // Our textfile, as the exporter wrote it back.
  const PrometheusFamily* latency = find_family(families, "bench_latency_seconds");
  ASSERT_NE(latency, nullptr);
  EXPECT_EQ(latency->type, PrometheusType::histogram);
  EXPECT_EQ(latency->help, "Latency with a \\ backslash and a \n line feed.");
  const std::vector<HistogramSeries> series = histogram_series(*latency);
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].labels, (PrometheusLabels{{"path", "say \"hi\" C:\\tmp\nnext"}}));
  ASSERT_EQ(series[0].buckets.size(), 4u);
  EXPECT_EQ(series[0].buckets[2].upper_bound, 1);
  EXPECT_EQ(series[0].buckets[2].cumulative_count, 9);
  EXPECT_EQ(series[0].sum, 4.2);
  EXPECT_EQ(series[0].count, 10);
  // rank 5 of 10 -> le=0.5 bucket (2 below it, 6 through it): 0.1 + 0.4 * (5 - 2) / 4 = 0.4
  EXPECT_DOUBLE_EQ(histogram_quantile(0.5, series[0].buckets), 0.4);
  const PrometheusFamily* values = find_family(families, "bench_values");
  ASSERT_NE(values, nullptr);
  for (const PrometheusSample& sample : values->samples) {
    const std::string_view kind = sample.label("kind").value_or("");
    if (kind == "nan") {
      EXPECT_TRUE(std::isnan(sample.value));
    } else if (kind == "big") {
      EXPECT_EQ(sample.value, 1.5e300);  // written back as 1.5e+300
    } else {
      EXPECT_EQ(kind, "negative_infinity");
      EXPECT_EQ(sample.value, -HUGE_VAL);
    }
  }
  EXPECT_EQ(values->samples.size(), 3u);
}

}  // namespace
}  // namespace genai::metrics
