#include "app/stop_signals.h"

#include <csignal>

namespace genai::app {
namespace {

load::StopControl* g_stop = nullptr;  // lock-free atomics: safe to set from a signal handler

extern "C" void on_stop_signal(int) {
  if (g_stop == nullptr) return;
  if (g_stop->stop_requested.exchange(true)) g_stop->cancel_requested.store(true);
}

}  // namespace

void install_stop_signals(load::StopControl& stop) {
  static_assert(std::atomic<bool>::is_always_lock_free);
  g_stop = &stop;
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a peer closing mid-write is an error value, not a death
}

}  // namespace genai::app
