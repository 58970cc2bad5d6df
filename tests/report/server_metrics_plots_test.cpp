// The server-metrics figure's script and data: a line per URL that has points, in the data block
// (gnuplot's index) of its URL, and a note for a quantity no server exports.
#include "report/server_metrics_plots.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace genai::report {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(ServerMetricsPlots, EachUrlKeepsItsIndexAndMissingQuantitiesSaySo) {
  const std::string dir = ::testing::TempDir() + "server_metrics_plots_test";
  std::filesystem::create_directories(dir);
  // a: pages with none of the quantities (a DCGM exporter, say); b: two runs with requests running.
  ServerMetricsSeries exporter{"http://a/metrics", 0, {}, {}, {}, {}, {}, {}};
  ServerMetricsSeries first_run{"http://b/metrics", 0, {{1, 2}, {2, 3}}, {}, {}, {}, {}, {}};
  ServerMetricsSeries empty_run{"http://b/metrics", 1, {}, {}, {}, {}, {}, {}};
  ServerMetricsSeries second_run{"http://b/metrics", 2, {{5, 1}}, {}, {}, {}, {}, {}};
  std::vector<std::string> scripts;
  ASSERT_TRUE(write_server_metrics_plot({exporter, first_run, empty_run, second_run}, {}, dir, "ms", scripts).ok());
  EXPECT_EQ(scripts, std::vector<std::string>{"server_metrics.gp"});
  const std::string script = read_text(dir + "/server_metrics.gp");
  EXPECT_NE(script.find("\"server_metrics.dat\" index 1 using 1:2 with linespoints pointsize 0.5 title \"http://b/metrics running\""),
            std::string::npos)
      << script;
  EXPECT_EQ(script.find("http://a/metrics"), std::string::npos) << "a has nothing to draw";
  EXPECT_NE(script.find("no scraped server exports KV-cache usage"), std::string::npos);
  EXPECT_NE(script.find("no scraped server exports a TTFT histogram"), std::string::npos);
  // a's block holds index 0 with one undefined row; b's runs are one blank line apart, so index 1.
  EXPECT_EQ(read_text(dir + "/server_metrics.dat"),
            "# t_s requests_running requests_waiting kv_cache_usage_pct generation_tokens_per_s ttft_p50_ms "
            "ttft_p99_ms; one block per URL, then the client's TTFT p50 per run\n"
            "# http://a/metrics\nNaN NaN NaN NaN NaN NaN NaN\n\n\n"
            "# http://b/metrics\n1 2 NaN NaN NaN NaN NaN\n2 3 NaN NaN NaN NaN NaN\n\n5 1 NaN NaN NaN NaN NaN\n\n\n"
            "# client TTFT p50 per run\nNaN NaN\n");

  scripts.clear();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  ASSERT_TRUE(write_server_metrics_plot(std::vector<ServerMetricsSeries>{}, {}, dir, "ms", scripts).ok());
  EXPECT_TRUE(scripts.empty());
  EXPECT_FALSE(std::filesystem::exists(dir + "/server_metrics.gp"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace genai::report
