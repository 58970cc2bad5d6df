// Parses the Prometheus text exposition format 0.0.4 one line at a time into metric families, and
// estimates histogram quantiles. What it relies on:
// - the format: https://prometheus.io/docs/instrumenting/exposition_formats/ ("Text format details":
//   tokens separated by blanks, comments, HELP escaping \\ and \n, TYPE values, label value escapes
//   \\ \" \n, the value as a Go float with NaN/+Inf/-Inf, an optional int64 millisecond timestamp);
// - its reference parser, prometheus/common expfmt/text_parse.go, for what the prose leaves open:
//   blanks allowed around '=' and ',' and before the value, a trailing comma in a label set, \"
//   accepted in HELP, `__name__` reserved, duplicate label names refused, a second HELP or TYPE for
//   a family refused, a TYPE after the family's samples refused, label values must be UTF-8,
//   a `# HELP`/`# TYPE` naming a metric and nothing else ignored, nothing allowed after the timestamp;
// - prometheus/prometheus promql/quantile.go, bucketQuantile(), for histogram_quantile() below.
// Where we differ from expfmt, on purpose: families with a HELP or TYPE but no samples are kept
// (vLLM declares labelled metrics before their first series); a histogram's _bucket without a
// numeric `le`, a bare histogram sample and a summary sample without a numeric `quantile` are
// errors (expfmt drops or misfiles them silently); an unknown escape in HELP text is kept as
// written (documentation is not worth failing a scrape over); HELP text must be UTF-8; values that
// underflow a double are refused like those that overflow it (Go reads the former as 0).
#include "metrics/prometheus_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <system_error>

namespace genai::metrics {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kNotANumber = std::numeric_limits<double>::quiet_NaN();

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_label_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_label_name_char(char c) { return is_label_name_start(c) || is_digit(c); }
bool is_metric_name_start(char c) { return is_label_name_start(c) || c == ':'; }
bool is_metric_name_char(char c) { return is_label_name_char(c) || c == ':'; }

// A piece of the input for an error message: short, on one line, other bytes than printable ASCII as \xNN.
std::string quoted(std::string_view text) {
  constexpr size_t kShownBytes = 40;
  std::string out = "'";
  for (size_t i = 0; i < text.size() && i < kShownBytes; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte < 0x7f) {
      out += static_cast<char>(byte);
    } else {
      out += "\\x";
      out += "0123456789abcdef"[byte >> 4];
      out += "0123456789abcdef"[byte & 0xf];
    }
  }
  if (text.size() > kShownBytes) out += "...";
  return out + "'";
}

// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view text) {
  constexpr uint32_t kSmallestOfLength[] = {0, 0, 0x80, 0x800, 0x10000};
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead >= 0x80 && lead < 0xc0) return false;  // a continuation byte where a character starts
    const size_t length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (length > 1) {
      // Leads 0xc0, 0xc1 and 0xf5.. start only overlong or too large forms: refused below.
      if (text.size() - i < length) return false;
      uint32_t code_point = lead & (0x7f >> length);
      for (size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[i + k]);
        if ((next & 0xc0) != 0x80) return false;
        code_point = (code_point << 6) | (next & 0x3f);
      }
      if (code_point < kSmallestOfLength[length] || code_point > 0x10ffff) return false;
      if (code_point >= 0xd800 && code_point <= 0xdfff) return false;
    }
    i += length;
  }
  return true;
}

bool equals_ignoring_case(std::string_view text, std::string_view lowercase) {
  return text.size() == lowercase.size() &&
         std::equal(text.begin(), text.end(), lowercase.begin(),
                    [](char a, char b) { return (a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a) == b; });
}

// What Go's strconv.ParseFloat reads (expfmt uses it): a decimal float with optional sign and
// exponent, Inf/Infinity with optional sign and NaN, in any case. No hex floats, no '_'.
std::optional<double> parse_float(std::string_view token) {
  std::string_view digits = token;
  const bool negative = !digits.empty() && digits[0] == '-';
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) digits.remove_prefix(1);
  if (equals_ignoring_case(digits, "inf") || equals_ignoring_case(digits, "infinity")) {
    return negative ? -kInfinity : kInfinity;
  }
  if (digits.size() == token.size() && equals_ignoring_case(digits, "nan")) return kNotANumber;
  // from_chars reads inf and nan spellings of its own: only digits go to it.
  if (digits.empty() || !(is_digit(digits[0]) || digits[0] == '.')) return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return negative ? -value : value;
}

// Go's strconv.ParseInt(token, 10, 64), as expfmt reads timestamps: an optional sign, then digits.
std::optional<int64_t> parse_timestamp_ms(std::string_view token) {
  std::string_view digits = token;
  if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
  if (digits.empty() || !(is_digit(digits[0]) || (digits[0] == '-' && digits.size() == token.size()))) {
    return std::nullopt;
  }
  int64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::optional<PrometheusType> parse_type(std::string_view word) {
  for (PrometheusType type : {PrometheusType::counter, PrometheusType::gauge, PrometheusType::histogram,
                              PrometheusType::summary, PrometheusType::untyped}) {
    if (word == to_string(type)) return type;
  }
  return std::nullopt;
}

// HELP text escapes backslash and line feed; expfmt also reads \". Any other backslash stays.
std::string unescape_help(std::string_view text) {
  std::string help;
  help.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (text[i] == '\\' && (next == '\\' || next == '"' || next == 'n')) {
      help += next == 'n' ? '\n' : next;
      ++i;
    } else {
      help += text[i];
    }
  }
  return help;
}

// A line (without its line end and the blanks around it) and how far it has been read.
struct Cursor {
  std::string_view line;
  size_t position = 0;

  bool at_end() const { return position >= line.size(); }
  char peek() const { return line[position]; }
  std::string_view rest() const { return line.substr(position); }
  // True when there were blanks to skip: tokens must be separated.
  bool skip_blanks() {
    const size_t start = position;
    while (!at_end() && is_blank(peek())) ++position;
    return position > start;
  }
  std::string_view take_while(bool (*belongs)(char)) {
    const size_t start = position;
    while (!at_end() && belongs(peek())) ++position;
    return line.substr(start, position - start);
  }
  std::string_view take_token() {
    return take_while([](char c) { return !is_blank(c); });
  }
};

// A label value after its opening quote, through its closing quote.
Result<std::string> read_label_value(Cursor& cursor, std::string_view label_name) {
  std::string value;
  while (!cursor.at_end()) {
    const char c = cursor.line[cursor.position++];
    if (c == '"') {
      if (!is_valid_utf8(value)) return make_error("the value of label " + quoted(label_name) + " is not UTF-8");
      return value;
    }
    if (c != '\\') {
      value += c;
      continue;
    }
    if (cursor.at_end()) break;
    const char escaped = cursor.line[cursor.position++];
    if (escaped == '\\' || escaped == '"') {
      value += escaped;
    } else if (escaped == 'n') {
      value += '\n';
    } else {
      return make_error("invalid escape " + quoted(std::string{'\\', escaped}) + " in the value of label " +
                        quoted(label_name) + " (only \\\\, \\\" and \\n)");
    }
  }
  return make_error("unterminated value of label " + quoted(label_name));
}

Status check_label_names(const PrometheusLabels& labels) {
  std::vector<std::string_view> names;
  names.reserve(labels.size());
  for (const auto& [name, value] : labels) {
    if (name == "__name__") return make_error("label name '__name__' is reserved");
    names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  const auto repeated = std::adjacent_find(names.begin(), names.end());
  if (repeated != names.end()) return make_error("label " + quoted(*repeated) + " appears twice");
  return Ok{};
}

// `{name="value", ...}` from its opening brace through its closing one.
Status read_labels(Cursor& cursor, PrometheusLabels& labels) {
  ++cursor.position;  // '{'
  while (true) {
    cursor.skip_blanks();
    if (cursor.at_end()) return make_error("unterminated label set (no '}')");
    if (cursor.peek() == '}') break;  // also after a trailing comma, as Prometheus allows
    if (!is_label_name_start(cursor.peek())) return make_error("expected a label name, found " + quoted(cursor.rest()));
    std::string_view name = cursor.take_while(is_label_name_char);
    cursor.skip_blanks();
    if (cursor.at_end() || cursor.peek() != '=') return make_error("expected '=' after label " + quoted(name));
    ++cursor.position;
    cursor.skip_blanks();
    if (cursor.at_end() || cursor.peek() != '"') {
      return make_error("expected '\"' to open the value of label " + quoted(name));
    }
    ++cursor.position;
    Result<std::string> value = read_label_value(cursor, name);
    if (!value) return make_error(value.error());
    labels.emplace_back(std::string(name), std::move(*value));
    cursor.skip_blanks();
    if (cursor.at_end()) return make_error("unterminated label set (no '}')");
    if (cursor.peek() == '}') break;
    if (cursor.peek() != ',') return make_error("expected ',' or '}' after the value of label " + quoted(name));
    ++cursor.position;
  }
  ++cursor.position;  // '}'
  return check_label_names(labels);
}

// The `le` of a histogram's bucket, the `quantile` of a summary's sample: present and a number.
Status check_bound_label(const PrometheusSample& sample, std::string_view label_name) {
  const std::optional<std::string_view> text = sample.label(label_name);
  if (!text) return make_error(quoted(sample.name) + " has no '" + std::string(label_name) + "' label");
  const std::optional<double> bound = parse_float(*text);
  if (!bound || std::isnan(*bound)) {
    return make_error("label '" + std::string(label_name) + "' of " + quoted(sample.name) + " is not a number: " +
                      quoted(*text));
  }
  return Ok{};
}

// Collects families as the lines come; each line is read on its own.
class TextParser {
 public:
  Status read_line(std::string_view line) {
    if (line.empty()) return Ok{};
    if (line[0] == '#') return read_comment(Cursor{line});
    return read_sample(Cursor{line});
  }
  std::vector<PrometheusFamily> take_families() { return std::move(families_); }

 private:
  struct Declared {
    bool help = false;
    bool type = false;
  };

  Status read_comment(Cursor cursor);
  Status read_sample(Cursor cursor);
  size_t family_for_sample(std::string_view sample_name);
  static Status check_sample_shape(const PrometheusFamily& family, const PrometheusSample& sample);

  std::optional<size_t> find(std::string_view name) const {
    const auto found = index_by_name_.find(name);
    if (found == index_by_name_.end()) return std::nullopt;
    return found->second;
  }
  size_t find_or_add(std::string_view name) {
    if (std::optional<size_t> index = find(name)) return *index;
    families_.push_back(PrometheusFamily{std::string(name), PrometheusType::untyped, {}, {}});
    declared_.emplace_back();
    index_by_name_.emplace(std::string(name), families_.size() - 1);
    return families_.size() - 1;
  }

  std::vector<PrometheusFamily> families_;
  std::vector<Declared> declared_;  // beside families_
  std::map<std::string, size_t, std::less<>> index_by_name_;
};

Status TextParser::read_comment(Cursor cursor) {
  ++cursor.position;  // '#'
  cursor.skip_blanks();
  const std::string_view keyword = cursor.take_token();
  if (keyword != "HELP" && keyword != "TYPE") return Ok{};  // an ordinary comment
  cursor.skip_blanks();
  if (cursor.at_end()) return Ok{};  // expfmt reads "# HELP" alone as an ordinary comment too
  const std::string_view name = cursor.take_while(is_metric_name_char);
  if (name.empty() || !is_metric_name_start(name[0]) || (!cursor.at_end() && !is_blank(cursor.peek()))) {
    return make_error("invalid metric name in # " + std::string(keyword) + " line: " + quoted(cursor.line));
  }
  cursor.skip_blanks();
  if (cursor.at_end()) return Ok{};  // a name and nothing to say about it
  const size_t index = find_or_add(name);
  PrometheusFamily& family = families_[index];
  if (keyword == "HELP") {
    if (declared_[index].help) return make_error("second # HELP line for " + quoted(name));
    family.help = unescape_help(cursor.rest());
    if (!is_valid_utf8(family.help)) return make_error("the # HELP text of " + quoted(name) + " is not UTF-8");
    declared_[index].help = true;
    return Ok{};
  }
  if (declared_[index].type) return make_error("second # TYPE line for " + quoted(name));
  if (!family.samples.empty()) return make_error("# TYPE line for " + quoted(name) + " after its samples");
  const std::optional<PrometheusType> type = parse_type(cursor.rest());
  if (!type) {
    return make_error("unknown metric type " + quoted(cursor.rest()) +
                      " (expected counter, gauge, histogram, summary or untyped)");
  }
  family.type = *type;
  declared_[index].type = true;
  return Ok{};
}

Status TextParser::read_sample(Cursor cursor) {
  PrometheusSample sample;
  if (!is_metric_name_start(cursor.peek())) return make_error("expected a metric name, found " + quoted(cursor.rest()));
  sample.name = cursor.take_while(is_metric_name_char);
  const bool blank_after_name = cursor.skip_blanks();
  if (!cursor.at_end() && cursor.peek() == '{') {
    if (Status labels = read_labels(cursor, sample.labels); !labels) return labels;
    cursor.skip_blanks();
  } else if (!cursor.at_end() && !blank_after_name) {
    return make_error("unexpected " + quoted(cursor.rest().substr(0, 1)) + " after metric name " + quoted(sample.name));
  }
  const std::string_view value_text = cursor.take_token();
  if (value_text.empty()) return make_error("missing value for " + quoted(sample.name));
  const std::optional<double> value = parse_float(value_text);
  if (!value) return make_error("invalid value " + quoted(value_text) + " for " + quoted(sample.name));
  sample.value = *value;
  if (cursor.skip_blanks(); !cursor.at_end()) {
    const std::string_view timestamp_text = cursor.take_token();
    sample.timestamp_ms = parse_timestamp_ms(timestamp_text);
    if (!sample.timestamp_ms) {
      return make_error("invalid timestamp " + quoted(timestamp_text) + " (expected integer milliseconds)");
    }
    if (cursor.skip_blanks(); !cursor.at_end()) {
      return make_error("unexpected " + quoted(cursor.rest()) + " after the timestamp");
    }
  }
  const size_t index = family_for_sample(sample.name);
  if (Status shape = check_sample_shape(families_[index], sample); !shape) return shape;
  families_[index].samples.push_back(std::move(sample));
  return Ok{};
}

// The family of its own name when there is one; else a histogram's _bucket/_sum/_count or a
// summary's _sum/_count joins the family before the suffix; else a new untyped family.
size_t TextParser::family_for_sample(std::string_view sample_name) {
  if (std::optional<size_t> index = find(sample_name)) return *index;
  for (std::string_view suffix : {"_bucket", "_sum", "_count"}) {
    if (!sample_name.ends_with(suffix)) continue;
    const std::optional<size_t> index = find(sample_name.substr(0, sample_name.size() - suffix.size()));
    if (!index) continue;
    const PrometheusType type = families_[*index].type;
    if (type == PrometheusType::histogram || (type == PrometheusType::summary && suffix != "_bucket")) return *index;
  }
  return find_or_add(sample_name);
}

// Only the labels a histogram or summary needs to be read as one are checked.
Status TextParser::check_sample_shape(const PrometheusFamily& family, const PrometheusSample& sample) {
  const std::string_view suffix = std::string_view(sample.name).substr(family.name.size());
  if (family.type == PrometheusType::histogram) {
    if (suffix.empty()) {
      return make_error("histogram sample " + quoted(sample.name) + " lacks a _bucket, _sum or _count suffix");
    }
    if (suffix == "_bucket") return check_bound_label(sample, "le");
  } else if (family.type == PrometheusType::summary && suffix.empty()) {
    return check_bound_label(sample, "quantile");
  }
  return Ok{};
}

// The line without its line end ("\n", "\r\n") and without blanks before and after.
std::string_view trimmed(std::string_view line) {
  while (!line.empty() && (is_blank(line.back()) || line.back() == '\r')) line.remove_suffix(1);
  while (!line.empty() && is_blank(line.front())) line.remove_prefix(1);
  return line;
}

}  // namespace

std::string_view to_string(PrometheusType type) {
  switch (type) {
    case PrometheusType::counter: return "counter";
    case PrometheusType::gauge: return "gauge";
    case PrometheusType::histogram: return "histogram";
    case PrometheusType::summary: return "summary";
    case PrometheusType::untyped: return "untyped";
  }
  return "untyped";
}

std::optional<std::string_view> PrometheusSample::label(std::string_view label_name) const {
  for (const auto& [label_key, label_value] : labels) {
    if (label_key == label_name) return label_value;
  }
  return std::nullopt;
}

Result<std::vector<PrometheusFamily>> parse_prometheus_text(std::string_view text) {
  TextParser parser;
  size_t line_number = 1;
  for (size_t start = 0; start < text.size(); ++line_number) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();  // a last line without its line feed
    if (Status line = parser.read_line(trimmed(text.substr(start, end - start))); !line) {
      return make_error("line " + std::to_string(line_number) + ": " + line.error());
    }
    start = end + 1;
  }
  return parser.take_families();
}

const PrometheusFamily* find_family(const std::vector<PrometheusFamily>& families, std::string_view name) {
  for (const PrometheusFamily& family : families) {
    if (family.name == name) return &family;
  }
  return nullptr;
}

std::vector<HistogramSeries> histogram_series(const PrometheusFamily& histogram) {
  std::vector<HistogramSeries> series;
  std::map<PrometheusLabels, size_t> index_by_labels;
  for (const PrometheusSample& sample : histogram.samples) {
    if (!std::string_view(sample.name).starts_with(histogram.name)) continue;
    const std::string_view suffix = std::string_view(sample.name).substr(histogram.name.size());
    PrometheusLabels labels;
    for (const auto& label : sample.labels) {
      if (label.first != "le") labels.push_back(label);
    }
    std::sort(labels.begin(), labels.end());
    const auto [found, added] = index_by_labels.try_emplace(labels, series.size());
    if (added) series.push_back(HistogramSeries{std::move(labels), {}, {}, {}});
    HistogramSeries& one = series[found->second];
    if (suffix == "_bucket") {
      const std::optional<std::string_view> le = sample.label("le");
      const std::optional<double> bound = le ? parse_float(*le) : std::nullopt;
      if (bound && !std::isnan(*bound)) one.buckets.push_back(HistogramBucket{*bound, sample.value});
    } else if (suffix == "_sum") {
      one.sum = sample.value;
    } else if (suffix == "_count") {
      one.count = sample.value;
    }
  }
  for (HistogramSeries& one : series) {
    std::stable_sort(one.buckets.begin(), one.buckets.end(),
                     [](const HistogramBucket& a, const HistogramBucket& b) { return a.upper_bound < b.upper_bound; });
  }
  return series;
}

// PromQL's bucketQuantile() (promql/quantile.go), without its float-precision smoothing of counts.
double histogram_quantile(double quantile, std::vector<HistogramBucket> buckets) {
  if (std::isnan(quantile)) return kNotANumber;
  if (quantile < 0) return -kInfinity;
  if (quantile > 1) return kInfinity;
  // A NaN bound has no place in the order (and would break the sort's contract).
  const auto nan_bound = [](const HistogramBucket& bucket) { return std::isnan(bucket.upper_bound); };
  if (buckets.empty() || std::any_of(buckets.begin(), buckets.end(), nan_bound)) return kNotANumber;
  std::stable_sort(buckets.begin(), buckets.end(),
                   [](const HistogramBucket& a, const HistogramBucket& b) { return a.upper_bound < b.upper_bound; });
  if (buckets.back().upper_bound != kInfinity) return kNotANumber;

  // Buckets of one bound are merged by adding their counts, as PromQL does.
  std::vector<HistogramBucket> merged;
  for (const HistogramBucket& bucket : buckets) {
    if (!merged.empty() && merged.back().upper_bound == bucket.upper_bound) {
      merged.back().cumulative_count += bucket.cumulative_count;
    } else {
      merged.push_back(bucket);
    }
  }
  // Cumulative counts cannot fall; where an exporter's do, the search below needs them not to.
  for (size_t i = 1; i < merged.size(); ++i) {
    if (merged[i].cumulative_count < merged[i - 1].cumulative_count) {
      merged[i].cumulative_count = merged[i - 1].cumulative_count;
    }
  }
  if (merged.size() < 2) return kNotANumber;
  const double observations = merged.back().cumulative_count;
  if (observations == 0) return kNotANumber;

  double rank = quantile * observations;
  size_t found = 0;  // the first bucket holding the rank-th observation; the +Inf one if none
  while (found + 1 < merged.size() && !(merged[found].cumulative_count >= rank)) ++found;
  if (found + 1 == merged.size()) return merged[found - 1].upper_bound;
  if (found == 0 && merged[0].upper_bound <= 0) return merged[0].upper_bound;
  double bucket_start = 0;
  double count_in_bucket = merged[found].cumulative_count;
  if (found > 0) {
    bucket_start = merged[found - 1].upper_bound;
    count_in_bucket -= merged[found - 1].cumulative_count;
    rank -= merged[found - 1].cumulative_count;
  }
  return bucket_start + (merged[found].upper_bound - bucket_start) * (rank / count_in_bucket);
}

}  // namespace genai::metrics
