#include "report/plot_config.h"

#include <boost/json.hpp>
#include <cmath>
#include <optional>
#include <filesystem>
#include <set>

#include "report/experiment_folder.h"
#include "report/python_fields.h"

namespace genai::report {
namespace {

namespace json = boost::json;

// A string member; absent is "" (or an error when required), any other type an error.
Result<std::string> text_member(const json::object& object, const char* key, bool required, const std::string& where) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) {
    if (required) return make_error(where + ": \"" + key + "\" is missing");
    return std::string();
  }
  if (!value->is_string()) return make_error(where + ": \"" + key + "\" must be a string");
  return std::string(value->as_string());
}

// A whole number within ±1e6 (1.0 counts, as pydantic counts it); nothing for anything else.
std::optional<int> whole_number(const json::value& value) {
  double number = 0;
  if (value.is_int64()) {
    number = static_cast<double>(value.get_int64());
  } else if (value.is_uint64()) {
    number = static_cast<double>(value.get_uint64());
  } else if (value.is_double()) {
    number = value.get_double();
  } else {
    return std::nullopt;
  }
  if (!(std::fabs(number) <= 1e6) || number != std::floor(number)) return std::nullopt;
  return static_cast<int>(number);
}

Result<int> int_member(const json::object& object, const char* key, int fallback, int low, int high,
                       const std::string& where) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return fallback;
  const std::optional<int> number = whole_number(*value);
  if (!number) return make_error(where + ": \"" + key + "\" must be a whole number");
  if (*number < low || *number > high) {
    return make_error(where + ": \"" + key + "\" must be from " + std::to_string(low) + " to " + std::to_string(high));
  }
  return *number;
}

// [a, b] of whole numbers.
Result<std::pair<int, int>> pair_member(const json::object& object, const char* key, const std::string& where) {
  const json::value* value = object.if_contains(key);
  std::optional<int> first, second;
  if (value != nullptr && value->is_array() && value->as_array().size() == 2) {
    first = whole_number(value->as_array()[0]);
    second = whole_number(value->as_array()[1]);
  }
  if (!first || !second) return make_error(where + ": \"" + key + "\" must be a list of two whole numbers, e.g. [0, 1]");
  return std::pair{*first, *second};
}

Status check_field(const std::string& field, const char* key, const std::string& where) {
  if (is_python_field(field)) return Ok{};
  return make_error(where + ": unknown " + key + " '" + field + "' (`genai-bench plot --list-fields` lists the fields)");
}

Result<PlotConfig::Plot> parse_plot(const json::value& value, const std::string& where) {
  if (!value.is_object()) return make_error(where + ": must be an object");
  const json::object& object = value.as_object();
  PlotConfig::Plot plot;
  auto title = text_member(object, "title", true, where);
  if (!title) return make_error(title.error());
  plot.title = *title;
  const std::string at = where + " (\"" + plot.title + "\")";
  auto x_field = text_member(object, "x_field", true, at);
  if (!x_field) return make_error(x_field.error());
  plot.x_field = *x_field;
  if (auto status = check_field(plot.x_field, "x_field", at); !status) return make_error(status.error());
  auto y_field = text_member(object, "y_field", false, at);
  if (!y_field) return make_error(y_field.error());
  const json::value* y_fields = object.if_contains("y_fields");
  const bool has_list = y_fields != nullptr && !y_fields->is_null();
  if (!y_field->empty() && has_list) return make_error(at + ": give \"y_field\" or \"y_fields\", not both");
  if (y_field->empty() && (!has_list || !y_fields->is_array() || y_fields->as_array().empty())) {
    return make_error(at + ": give \"y_field\", or \"y_fields\" with at least one field");
  }
  if (!y_field->empty()) {
    if (auto status = check_field(*y_field, "y_field", at); !status) return make_error(status.error());
    plot.y_fields.push_back({*y_field, "", "", ""});
  } else {
    size_t index = 0;
    for (const json::value& entry : y_fields->as_array()) {
      const std::string entry_at = at + ": y_fields[" + std::to_string(index++) + "]";
      if (!entry.is_object()) return make_error(entry_at + " must be an object with \"field\"");
      PlotConfig::YField y;
      for (auto [key, target, required] : {std::tuple{"field", &y.field, true}, std::tuple{"label", &y.label, false},
                                           std::tuple{"color", &y.color, false},
                                           std::tuple{"linestyle", &y.linestyle, false}}) {
        auto text = text_member(entry.as_object(), key, required, entry_at);
        if (!text) return make_error(text.error());
        *target = *text;
      }
      if (auto status = check_field(y.field, "field", entry_at); !status) return make_error(status.error());
      plot.y_fields.push_back(std::move(y));
    }
    plot.multi_line = plot.y_fields.size() > 1;
  }
  for (auto [key, target] : {std::pair{"x_label", &plot.x_label}, std::pair{"y_label", &plot.y_label},
                             std::pair{"plot_type", &plot.plot_type}, std::pair{"y_scale", &plot.y_scale}}) {
    auto text = text_member(object, key, false, at);
    if (!text) return make_error(text.error());
    *target = *text;
  }
  if (plot.plot_type.empty()) plot.plot_type = "line";
  if (plot.plot_type != "line" && plot.plot_type != "scatter" && plot.plot_type != "bar") {
    return make_error(at + ": \"plot_type\" must be line, scatter or bar, not '" + plot.plot_type + "'");
  }
  if (!plot.y_scale.empty() && plot.y_scale != "linear" && plot.y_scale != "log") {
    return make_error(at + ": \"y_scale\" must be linear or log, not '" + plot.y_scale + "'");
  }
  auto position = pair_member(object, "position", at);
  if (!position) return make_error(position.error());
  std::tie(plot.row, plot.col) = *position;
  return plot;
}

}  // namespace

Result<PlotConfig> plot_config_from_json(const json::value& value, const std::string& name, const std::string& where) {
  if (!value.is_object()) return make_error(where + ": not a JSON object with \"plots\"");
  const json::object& object = value.as_object();
  PlotConfig config;
  config.name = name;
  if (const json::value* layout = object.if_contains("layout"); layout != nullptr && !layout->is_null()) {
    if (!layout->is_object()) return make_error(where + ": \"layout\" must be an object");
    auto rows = int_member(layout->as_object(), "rows", 2, 1, 5, where + ": layout");
    if (!rows) return make_error(rows.error());
    auto cols = int_member(layout->as_object(), "cols", 4, 1, 6, where + ": layout");
    if (!cols) return make_error(cols.error());
    config.rows = *rows;
    config.cols = *cols;
    if (const json::value* size = layout->as_object().if_contains("figsize"); size != nullptr && !size->is_null()) {
      auto figsize = pair_member(layout->as_object(), "figsize", where + ": layout");
      if (!figsize) return make_error(figsize.error());
      if (figsize->first <= 0 || figsize->second <= 0 || figsize->first > 100 || figsize->second > 100) {
        return make_error(where + ": layout: \"figsize\" must be two numbers of inches from 1 to 100");
      }
      std::tie(config.width_in, config.height_in) = *figsize;
    }
  }
  const json::value* plots = object.if_contains("plots");
  if (plots == nullptr || !plots->is_array()) return make_error(where + ": \"plots\" (a list of plots) is missing");
  std::set<std::pair<int, int>> taken;
  size_t index = 0;
  for (const json::value& entry : plots->as_array()) {
    const std::string at = where + ": plot " + std::to_string(++index);
    auto plot = parse_plot(entry, at);
    if (!plot) return make_error(plot.error());
    if (plot->row < 0 || plot->col < 0 || plot->row >= config.rows || plot->col >= config.cols) {
      return make_error(at + " (\"" + plot->title + "\"): position [" + std::to_string(plot->row) + ", " +
                        std::to_string(plot->col) + "] is outside the " + std::to_string(config.rows) + " x " +
                        std::to_string(config.cols) + " layout");
    }
    if (!taken.insert({plot->row, plot->col}).second) {
      return make_error(at + " (\"" + plot->title + "\"): position [" + std::to_string(plot->row) + ", " +
                        std::to_string(plot->col) + "] is taken by another plot");
    }
    config.plots.push_back(std::move(*plot));
  }
  if (config.plots.empty()) return make_error(where + ": \"plots\" is empty");
  return config;
}

Result<PlotConfig> load_plot_config(const std::string& path) {
  const std::string where = "--plot-config " + path;
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return make_error(where + ": no such file");
  auto object = read_json_object(path);
  if (!object) return make_error(where + ": not valid JSON (a JSON object with \"plots\")");
  return plot_config_from_json(*object, std::filesystem::path(path).stem().string(), where);
}

std::string label_in_unit(const std::string& label, const std::string& unit) {
  const std::vector<std::string> from = unit == "ms" ? std::vector<std::string>{"(s)", "(seconds)"}
                                       : unit == "s"  ? std::vector<std::string>{"(ms)", "(milliseconds)"}
                                                      : std::vector<std::string>{};
  const std::string to = "(" + unit + ")";
  std::string out;
  for (size_t at = 0; at < label.size();) {
    bool replaced = false;
    for (const std::string& old : from) {
      if (label.compare(at, old.size(), old) == 0) {
        out += to;
        at += old.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out.push_back(label[at++]);
  }
  return out;
}

}  // namespace genai::report
