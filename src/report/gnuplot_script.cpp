#include "report/gnuplot_script.h"

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

extern char** environ;

namespace genai::report {

std::string gnuplot_number(double value) {
  if (std::isnan(value)) return "NaN";
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

std::string gnuplot_quoted(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// Both formats from one script: the loop sets the terminal, each figure is drawn once per format.
std::string gnuplot_figure(const std::string& name, const std::string& title, const std::string& panels) {
  return gnuplot_figure(name, title, panels, 2, 4, 1600, 900);
}

std::string gnuplot_figure(const std::string& name, const std::string& title, const std::string& panels, int rows,
                           int cols, int width, int height, const std::string& output) {
  const std::string size = std::to_string(width) + "," + std::to_string(height);
  return "# " + title + ": edit and run `gnuplot " + name + ".gp` to restyle.\n"
         "do for [fmt in \"png svg\"] {\n"
         "  if (fmt eq \"png\") { set terminal pngcairo noenhanced size " + size + " font \"sans,10\" } "
         "else { set terminal svg noenhanced size " + size + " font \"sans,10\" }\n"
         "  set output \"" + gnuplot_quoted(output.empty() ? name : output) + ".\".fmt\n"
         "  set grid\n  set key top left\n"
         "  set multiplot layout " + std::to_string(rows) + "," + std::to_string(cols) + " title \"" + title +
         "\" font \"sans,14\"\n" + panels + "  unset multiplot\n  set output\n}\n";
}

std::string gnuplot_panel(const std::string& title, const std::string& x, const std::string& y, const std::string& plot) {
  return "  set title \"" + title + "\"\n  set xlabel \"" + x + "\"\n  set ylabel \"" + y + "\"\n  " + plot + "\n";
}

std::string gnuplot_note_panel(const std::string& title, const std::string& note) {
  return "  set title \"" + title + "\"\n  set xlabel \"\"\n  set ylabel \"\"\n  unset xtics\n  unset ytics\n  unset grid\n"
         "  set label 1 \"" + note + "\" at graph 0.5,0.5 center\n  plot [0:1][0:1] NaN notitle\n"
         "  unset label 1\n  set xtics\n  set ytics\n  set grid\n";
}

namespace {

Status run_one_script(const std::string& dir, const std::string& script) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  // gnuplot's warnings (an empty range, say) go to a log beside the plots, not to the console.
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "gnuplot.log", O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::string program = "gnuplot", argument = script;
  char* argv[] = {program.data(), argument.data(), nullptr};
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, "gnuplot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    return make_error("plots: gnuplot is not installed (apt-get install gnuplot-nox); the scripts and data are in " + dir);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return make_error("plots: gnuplot failed on " + dir + "/" + script + " (see " + dir + "/gnuplot.log)");
  }
  return Ok{};
}

}  // namespace

Status prepare_gnuplot_dir(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return make_error("cannot create '" + dir + "': " + error.message());
  std::filesystem::remove(dir + "/gnuplot.log", error);
  return Ok{};
}

Status run_gnuplot(const std::string& dir, const std::vector<std::string>& scripts) {
  for (const std::string& script : scripts) {
    if (auto status = run_one_script(dir, script); !status) return status;
  }
  return Ok{};
}

}  // namespace genai::report
