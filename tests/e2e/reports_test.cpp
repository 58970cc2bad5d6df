// Reports read back by independent readers: the Excel workbook through openpyxl (Debian's
// python3-openpyxl), checked against summary.json; and a report rebuilt from a copy of the folder
// equals the one written at the end of the run.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>

#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;

TEST(Reports, ExcelSheetsMatchTheSummaryAndARebuildFromACopyIsTheSame) {
  if (!openpyxl_available()) {
    GTEST_SKIP() << "python3-openpyxl is needed (scripts/install-deps.sh installs it)";
  }
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--traffic-scenario", "D(20,10)", "--num-concurrency", "1", "3",
                                         "--max-requests-per-run", "9", "--output-dir", folder, "--experiment-name",
                                         "run", "--excel", "--metric-percentile", "p90", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const json::value book = read_workbook(folder + "/run/report.xlsx");
  EXPECT_EQ(json::serialize(book.at("sheets")),
            R"(["Summary","Raw Data","Percentiles","Experiment Metadata","Charts","Appendix","Aggregated Metrics for Each Run"])");
  const json::array& summary_rows = book.at("rows").at("Summary").as_array();
  ASSERT_EQ(summary_rows.size(), 3u);  // header and two runs
  EXPECT_EQ(summary_rows[0].as_array()[14].as_string(), "TTFT p90 (ms)");
  EXPECT_EQ(book.at("frozen").at("Summary").as_string(), "A2");
  const json::array summaries = read_json_file(folder + "/run/summary.json").as_array();
  for (size_t run_index = 0; run_index < 2; ++run_index) {
    const json::array& row = summary_rows[run_index + 1].as_array();
    const json::value& summary = summaries[run_index];
    EXPECT_EQ(row[1].as_string(), summary.at("scenario").as_string());
    EXPECT_EQ(row[7].to_number<int>(), summary.at("requests").at("ok").to_number<int>());
    EXPECT_NEAR(row[14].to_number<double>(), summary.at("ttft_ms").at("p90").to_number<double>(), 1e-9);
    EXPECT_NEAR(row[17].to_number<double>(), summary.at("e2e_ms").at("p90").to_number<double>(), 1e-9);
    EXPECT_NEAR(row[12].to_number<double>(), summary.at("throughput").at("output_tokens_per_s").to_number<double>(), 1e-6);
  }
  EXPECT_EQ(book.at("rows").at("Raw Data").as_array().size(), 1u + 18);  // header and every request
  EXPECT_EQ(book.at("rows").at("Percentiles").as_array().size(), 1u + 2 * 7);  // seven metrics per run
  EXPECT_EQ(book.at("charts").at("Charts").to_number<int>(), 2);

  // Copy the folder without its report, rebuild, and compare every cell but the folder's path.
  const std::string copy = folder + "/copy";
  std::filesystem::copy(folder + "/run", copy);
  std::filesystem::remove(copy + "/report.xlsx");
  const RunResult rebuilt = run_genai_bench({"report", copy, "--metric-percentile", "p90"});
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.output;
  json::value again = read_workbook(copy + "/report.xlsx");
  json::value original = book;
  for (json::value* workbook : {&again, &original}) {
    workbook->at("rows").at("Experiment Metadata").as_array()[1].as_array()[1] = "";  // the folder's path
  }
  EXPECT_EQ(json::serialize(again), json::serialize(original));

  const RunResult bad = run_genai_bench({"report", folder, "--metric-percentile", "p42"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("--metric-percentile: 'p42'"), std::string::npos) << bad.output;
}

// A folder the Python genai-bench wrote (tests/fixtures/genai-bench-python, from its public test
// data): its statistics in seconds become milliseconds on the Summary and Percentiles sheets.
TEST(Reports, ExcelReadsPythonGenaiBenchFolders) {
  if (!openpyxl_available()) {
    GTEST_SKIP() << "python3-openpyxl is needed (scripts/install-deps.sh installs it)";
  }
  const std::string folder = make_temporary_folder() + "/python";
  std::filesystem::copy(std::string(GENAI_TESTS_DIR) + "/fixtures/genai-bench-python", folder);
  const RunResult run = run_genai_bench({"excel", "--experiment-folder", folder, "--excel-name", "history.xlsx",
                                         "--metric-percentile", "p50"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const json::value book = read_workbook(folder + "/history.xlsx");
  const json::array& row = book.at("rows").at("Summary").as_array().at(1).as_array();
  EXPECT_EQ(row[1].as_string(), "D(100,100)");
  EXPECT_EQ(row[3].to_number<int>(), 1);    // concurrency
  EXPECT_EQ(row[7].to_number<int>(), 32);   // ok
  EXPECT_NEAR(row[14].to_number<double>(), 0.03240828774869442 * 1000, 1e-9);  // TTFT p50, ms
  EXPECT_NEAR(row[17].to_number<double>(), 1.8212525583803654 * 1000, 1e-9);   // E2E p50, ms
  EXPECT_NEAR(row[12].to_number<double>(), 54.891401311421, 1e-9);             // output tokens/s
  EXPECT_TRUE(row[16].is_null());  // no ITL in the Python tool's files: an empty cell
  const json::array& ttft = book.at("rows").at("Percentiles").as_array().at(1).as_array();
  EXPECT_NEAR(ttft[6].to_number<double>(), 0.05235532717779279 * 1000, 1e-9);  // mean
  EXPECT_TRUE(ttft[14].is_null());  // p99.9: not computed by the Python tool
  bool model_found = false;
  for (const json::value& field : book.at("rows").at("Experiment Metadata").as_array()) {
    model_found = model_found || (field.as_array()[0] == "model" && field.as_array()[1] == "Meta-Llama-3.1-70B-Instruct");
  }
  EXPECT_TRUE(model_found);
}

// PNG size from its header, read with Python's struct and checked whole with zlib (the image
// data must inflate to height rows of (1 + bytes per pixel x width) bytes).
constexpr const char* kPngSize = R"(
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n'
at, idat = 8, b''
while at < len(data):
    length, kind = struct.unpack('>I4s', data[at:at + 8])
    if kind == b'IHDR': width, height, depth, colour = struct.unpack('>IIBB', data[at + 8:at + 18])
    if kind == b'IDAT': idat += data[at + 8:at + 8 + length]
    at += 12 + length
channels = {2: 3, 6: 4, 0: 1, 4: 2, 3: 1}[colour]
assert len(zlib.decompress(idat)) == height * (1 + width * channels * depth // 8)
print(width, height)
)";

TEST(Reports, PlotsArePngAndSvgAt1600x900WithTheirScriptsAndData) {
  if (std::system("command -v gnuplot >/dev/null") != 0) GTEST_SKIP() << "gnuplot is needed (scripts/install-deps.sh installs it)";
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--traffic-scenario", "D(20,10)", "--num-concurrency", "1", "2",
                                         "--max-requests-per-run", "8", "--output-dir", folder, "--experiment-name", "run",
                                         "--plot", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  write_text(folder + "/png_size.py", kPngSize);
  for (const std::string name : {"experiment", "run_0", "run_1"}) {
    const std::string base = folder + "/run/plots/" + name;
    EXPECT_TRUE(std::filesystem::exists(base + ".gp")) << name;
    const std::string command = "/usr/bin/python3 " + folder + "/png_size.py " + base + ".png > " + base + ".size";
    ASSERT_EQ(std::system(command.c_str()), 0) << name;
    EXPECT_EQ(read_text(base + ".size"), "1600 900\n") << name;
    const std::string svg = read_text(base + ".svg");
    EXPECT_NE(svg.find("<svg"), std::string::npos) << name;
    EXPECT_NE(svg.find("width=\"1600\""), std::string::npos) << name;
  }
  EXPECT_TRUE(std::filesystem::exists(folder + "/run/plots/experiment.dat"));
  EXPECT_TRUE(std::filesystem::exists(folder + "/run/plots/run_1_requests.dat"));

  // No gnuplot on PATH: one clear line, a failing exit, and the Excel report written all the same.
  const std::string out = folder + "/no_gnuplot.out";
  const std::string command = "PATH=/nonexistent " + genai_bench_binary() + " report " + folder + "/run > " + out + " 2>&1";
  EXPECT_NE(std::system(command.c_str()), 0);
  EXPECT_NE(read_text(out).find("plots: gnuplot is not installed"), std::string::npos) << read_text(out);
  EXPECT_TRUE(std::filesystem::exists(folder + "/run/report.xlsx"));
}

// The page and every plot file (scripts, data, PNG and SVG) rebuilt from a copy of the folder are
// byte for byte the ones written at the end of the run (the workbook's check is above: it names
// the folder it was built from).
TEST(Reports, HtmlAndPlotsRebuiltFromACopyAreTheSameBytes) {
  if (std::system("command -v gnuplot >/dev/null") != 0) GTEST_SKIP() << "gnuplot is needed (scripts/install-deps.sh installs it)";
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--traffic-scenario", "D(20,10)", "--num-concurrency", "1", "2",
                                         "--max-requests-per-run", "8", "--output-dir", folder, "--experiment-name", "run",
                                         "--report", "all", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string copy = folder + "/copy";
  std::filesystem::copy(folder + "/run", copy, std::filesystem::copy_options::recursive);
  std::filesystem::remove_all(copy + "/plots");
  std::filesystem::remove(copy + "/report.html");
  const RunResult rebuilt = run_genai_bench({"report", copy});
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.output;
  EXPECT_EQ(read_text(copy + "/report.html"), read_text(folder + "/run/report.html"));
  size_t compared = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder + "/run/plots")) {
    const std::string name = entry.path().filename().string();
    if (name == "gnuplot.log") continue;
    EXPECT_EQ(read_text(copy + "/plots/" + name), read_text(entry.path().string())) << name;
    ++compared;
  }
  EXPECT_EQ(compared, 4u + 2 * 6);  // experiment: .gp .dat .png .svg; each run: .gp, three .dat, .png, .svg
}

// A Python genai-bench folder's requests have latencies but no start times: its run plot says so
// in the two over-time panels instead of drawing rates from offsets.
TEST(Reports, PythonFolderPlotsSayTheyHaveNoRequestTimes) {
  if (std::system("command -v gnuplot >/dev/null") != 0) GTEST_SKIP() << "gnuplot is needed (scripts/install-deps.sh installs it)";
  const std::string folder = make_temporary_folder() + "/python";
  std::filesystem::copy(std::string(GENAI_TESTS_DIR) + "/fixtures/genai-bench-python", folder);
  const RunResult run = run_genai_bench({"plot", "--experiment-folder", folder});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string script = read_text(folder + "/plots/run_0.gp");
  size_t notes = 0;
  for (size_t at = script.find("no request start times"); at != std::string::npos; at = script.find("no request start times", at + 1)) ++notes;
  EXPECT_EQ(notes, 2u);
  EXPECT_EQ(script.find("run_0_time.dat"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(folder + "/plots/run_0.png"));
  EXPECT_NE(read_text(folder + "/plots/experiment.gp").find("D(100,100)"), std::string::npos);
}

// The HTML report stands alone: nothing it would fetch, the plots inline, a section per run, and
// the errors by kind with an example message.
TEST(Reports, HtmlIsOneSelfContainedFileWithThePlotsInline) {
  if (std::system("command -v gnuplot >/dev/null") != 0) GTEST_SKIP() << "gnuplot is needed (scripts/install-deps.sh installs it)";
  const std::string folder = make_temporary_folder();
  MockProcess mock({"--ttft-ms", "2", "--itl-ms", "1", "--error-rate", "0.5", "--seed", "3"});
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                         "--max-retries", "0", "--traffic-scenario", "D(20,5)", "--num-concurrency", "1",
                                         "2", "--max-requests-per-run", "10", "--output-dir", folder,
                                         "--experiment-name", "run", "--html", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string html = folder + "/run/report.html";
  const std::string out = folder + "/check.out";
  const std::string command = "/usr/bin/python3 " + std::string(GENAI_TESTS_DIR) + "/e2e/readers/check_html.py " + html +
                              " > " + out + " 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << read_text(out);
  int svgs = 0, rows = 0;
  ASSERT_EQ(std::sscanf(read_text(out).c_str(), "%d %d", &svgs, &rows), 2) << read_text(out);
  EXPECT_EQ(svgs, 3);  // runs compared, and each of the two runs
  const std::string text = read_text(html);
  EXPECT_NE(text.find("<h2>Run 1: D(20,5) @ 2</h2>"), std::string::npos);
  EXPECT_NE(text.find("<td>http_500</td>"), std::string::npos);
  EXPECT_NE(text.find("mock injected failure"), std::string::npos);  // the example message
}

// A server that quotes the rejected key in its 401 (as OpenAI's API does): every report of the run,
// written though no request succeeded, shows the error by kind with the key masked.
TEST(Reports, EveryReportIsWrittenWhenEveryRequestFailsAndTheKeyIsMasked) {
  if (std::system("command -v gnuplot >/dev/null") != 0 || !openpyxl_available()) {
    GTEST_SKIP() << "gnuplot and python3-openpyxl are needed (scripts/install-deps.sh installs them)";
  }
  const std::string folder = make_temporary_folder();
  const std::string key = "sk-wrong-secret-98765";
  MockProcess mock({"--require-key", "sk-right-key-0000"});
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-key", key, "--api-model-name",
                                         "m", "--max-retries", "0", "--traffic-scenario", "D(20,5)", "--num-concurrency",
                                         "1", "2", "--max-requests-per-run", "4", "--output-dir", folder,
                                         "--experiment-name", "run", "--report", "all", "--no-ui"});
  ASSERT_EQ(run.exit_code, 3) << run.output;  // no request succeeded; the reports are written all the same
  EXPECT_NE(run.output.find("http_401=4"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find(key), std::string::npos) << run.output;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder + "/run")) {
    if (entry.is_regular_file()) {
      EXPECT_EQ(read_text(entry.path().string()).find(key), std::string::npos) << entry.path();
    }
  }
  EXPECT_EQ(run.output.find(key), std::string::npos);
  const std::string html = read_text(folder + "/run/report.html");
  EXPECT_NE(html.find("<td>http_401</td><td>4</td><td>HTTP 401: Incorrect API key provided: ***.</td>"), std::string::npos);
  for (const std::string name : {"experiment", "run_0", "run_1"}) {
    EXPECT_TRUE(std::filesystem::exists(folder + "/run/plots/" + name + ".png")) << name;
    EXPECT_NE(read_text(folder + "/run/plots/" + name + ".gp").find("nothing to draw"), std::string::npos) << name;
  }
  const json::value book = read_workbook(folder + "/run/report.xlsx");
  EXPECT_EQ(book.at("rows").at("Raw Data").as_array().size(), 1u + 8);
  EXPECT_EQ(book.at("rows").at("Raw Data").as_array()[1].as_array()[20], "HTTP 401: Incorrect API key provided: ***.");
}

// Embeddings have no TTFT, TPOT or output tokens: the panels that need them say so, and the
// plots are drawn (gnuplot stops a whole script at a plot with no point).
TEST(Reports, EmbeddingRunsArePlottedWithoutTokenMetrics) {
  if (std::system("command -v gnuplot >/dev/null") != 0) GTEST_SKIP() << "gnuplot is needed (scripts/install-deps.sh installs it)";
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--task", "text-to-embeddings", "--traffic-scenario", "E(64)",
                                         "--batch-size", "1", "4", "--max-requests-per-run", "10", "--output-dir", folder,
                                         "--experiment-name", "run", "--report", "all", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string grid = read_text(folder + "/run/plots/experiment.gp");
  EXPECT_NE(grid.find("set title \"Output throughput vs TTFT mean\"\n  set xlabel \"\""), std::string::npos) << grid;
  EXPECT_NE(grid.find("set title \"Requests per second\"\n  set xlabel \"batch size\""), std::string::npos) << grid;
  EXPECT_TRUE(std::filesystem::exists(folder + "/run/plots/run_1.svg"));
  EXPECT_NE(read_text(folder + "/run/plots/run_1.gp").find("no request has a TTFT value"), std::string::npos);
}

}  // namespace
}  // namespace genai::testing
