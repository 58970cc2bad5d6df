// The gnuplot side of the plots: text for a script (numbers, quoted strings, a 2 x 4 figure drawn
// once as PNG and once as SVG, its panels, panels that explain why they are empty) and running
// gnuplot on it. plots.cpp decides what to draw.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace genai::report {

// A number as gnuplot reads it; NaN (a point gnuplot leaves out) as "NaN".
std::string gnuplot_number(double value);
// Text inside a gnuplot double-quoted string (titles and legends come from users' metadata).
std::string gnuplot_quoted(const std::string& text);
// A script drawing NAME.png and NAME.svg (1600 x 900) from the same 2 x 4 grid of PANELS.
std::string gnuplot_figure(const std::string& name, const std::string& title, const std::string& panels);
// The same for a ROWS x COLS grid of WIDTH x HEIGHT pixels, the images written as OUTPUT.png and
// OUTPUT.svg (a path relative to the script's folder; NAME when empty).
std::string gnuplot_figure(const std::string& name, const std::string& title, const std::string& panels, int rows,
                           int cols, int width, int height, const std::string& output = "");
// One panel: its title, axis labels and plot command(s).
std::string gnuplot_panel(const std::string& title, const std::string& x_label, const std::string& y_label,
                          const std::string& plot);
// A panel that says why it is empty instead of drawing something misleading, or nothing: gnuplot
// stops a whole script at a plot with no point to draw. NOTE may break lines with "\\n".
std::string gnuplot_note_panel(const std::string& title, const std::string& note);
// Makes DIR for scripts, data and images, and empties its gnuplot.log (one build's messages).
Status prepare_gnuplot_dir(const std::string& dir);
// Runs `gnuplot SCRIPT` for each script inside DIR (so relative file names work), its messages to
// DIR/gnuplot.log. Errors: gnuplot missing (one line saying how to install it) or failing on one.
Status run_gnuplot(const std::string& dir, const std::vector<std::string>& scripts);

}  // namespace genai::report
