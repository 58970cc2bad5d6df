#include "app/run_log.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <mutex>
#include <streambuf>

namespace genai::app {
namespace {

// Writes through to the console's own buffer and hands each complete line to the log.
class TeeBuffer final : public std::streambuf {
 public:
  TeeBuffer(std::streambuf* console, class LogSink& sink) : console_(console), sink_(sink) {}
  std::streambuf* console() const { return console_; }

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* text, std::streamsize count) override;
  int sync() override { return console_->pubsync(); }

 private:
  std::streambuf* console_;
  class LogSink& sink_;
};

class LogSink {
 public:
  void add(const char* text, size_t count) {
    std::lock_guard lock(mutex_);
    for (size_t i = 0; i < count; ++i) {
      if (text[i] != '\n') {
        partial_ += text[i];
        continue;
      }
      finish_line(std::move(partial_));
      partial_.clear();
    }
  }
  void line(const std::string& text) {
    std::lock_guard lock(mutex_);
    finish_line(text);
  }
  Status open(const std::string& path) {
    std::lock_guard lock(mutex_);
    file_.open(path, std::ios::app);
    if (!file_) return make_error("cannot write the log '" + path + "': " + std::strerror(errno));
    file_ << kept_;
    kept_.clear();
    file_.flush();
    return Ok{};
  }

 private:
  void finish_line(std::string text) {
    // Terminal control (the dashboard's redraws) is the console's alone.
    if (text.find('\033') != std::string::npos) return;
    while (!text.empty() && text.back() == '\r') text.pop_back();
    const std::string stamped = stamp() + text + "\n";
    if (file_.is_open()) {
      file_ << stamped;
      file_.flush();  // a crash or a kill keeps every line said before it
    } else if (kept_.size() < (1u << 20)) {
      kept_ += stamped;
    }
  }
  static std::string stamp() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm local{};
    localtime_r(&seconds, &local);
    char text[40];
    const size_t length = std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
    std::snprintf(text + length, sizeof text - length, ".%03d ", static_cast<int>(millis));
    return text;
  }

  std::mutex mutex_;
  std::string partial_, kept_;
  std::ofstream file_;
};

TeeBuffer::int_type TeeBuffer::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  const char character = traits_type::to_char_type(c);
  sink_.add(&character, 1);
  return console_->sputc(character);
}

std::streamsize TeeBuffer::xsputn(const char* text, std::streamsize count) {
  sink_.add(text, static_cast<size_t>(count));
  return console_->sputn(text, count);
}

LogSink* active_sink = nullptr;
TeeBuffer* out_tee = nullptr;
TeeBuffer* err_tee = nullptr;

}  // namespace

ConsoleLog::ConsoleLog() {
  active_sink = new LogSink;
  out_tee = new TeeBuffer(std::cout.rdbuf(), *active_sink);
  err_tee = new TeeBuffer(std::cerr.rdbuf(), *active_sink);
  std::cout.rdbuf(out_tee);
  std::cerr.rdbuf(err_tee);
}

ConsoleLog::~ConsoleLog() {
  std::cout.flush();
  std::cout.rdbuf(out_tee->console());
  std::cerr.rdbuf(err_tee->console());
  delete out_tee;
  delete err_tee;
  delete active_sink;
  out_tee = err_tee = nullptr;
  active_sink = nullptr;
}

Status ConsoleLog::open_file(const std::string& path) { return active_sink->open(path); }

void log_only(const std::string& line) {
  if (active_sink != nullptr) active_sink->line(line);
}

}  // namespace genai::app
