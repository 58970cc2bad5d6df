#include "mock/send_truth.h"

#include <bit>
#include <cstdio>

namespace genai::mock {

size_t MicrosecondHistogram::bucket_of(uint64_t microseconds) {
  if (microseconds < kExactBuckets) return static_cast<size_t>(microseconds);
  const int power = std::bit_width(microseconds) - 1;  // 11 for 2,048 .. 4,095
  const size_t range = static_cast<size_t>(power - 11);
  if (range >= 24) return kBuckets - 1;
  const uint64_t offset = (microseconds - (uint64_t{1} << power)) >> (power - 7);  // 0..127
  return kExactBuckets + range * kSubBuckets + static_cast<size_t>(offset);
}

uint64_t MicrosecondHistogram::lower_bound_of(size_t bucket) {
  if (bucket < kExactBuckets) return bucket;
  const size_t range = (bucket - kExactBuckets) / kSubBuckets;
  const uint64_t offset = (bucket - kExactBuckets) % kSubBuckets;
  const int power = static_cast<int>(range) + 11;
  return (uint64_t{1} << power) + (offset << (power - 7));
}

void MicrosecondHistogram::add(int64_t microseconds) {
  const uint64_t value = microseconds < 0 ? 0 : static_cast<uint64_t>(microseconds);
  // One writer: load-then-store is exact, and plain moves on x86 (no lock prefix).
  auto bump = [](std::atomic<uint64_t>& counter, uint64_t by) {
    counter.store(counter.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
  };
  bump(counts_[bucket_of(value)], 1);
  bump(count_, 1);
  bump(sum_, value);
  if (value > max_.load(std::memory_order_relaxed)) max_.store(value, std::memory_order_relaxed);
}

MicrosecondHistogram::Summary MicrosecondHistogram::summarize(const std::vector<const MicrosecondHistogram*>& parts) {
  Summary summary;
  std::vector<uint64_t> counts(kBuckets, 0);
  uint64_t sum = 0;
  for (const MicrosecondHistogram* part : parts) {
    for (size_t i = 0; i < kBuckets; ++i) counts[i] += part->counts_[i].load(std::memory_order_relaxed);
    sum += part->sum_.load(std::memory_order_relaxed);
    summary.max_us = std::max(summary.max_us, part->max_.load(std::memory_order_relaxed));
  }
  for (uint64_t count : counts) summary.count += count;
  if (summary.count == 0) return summary;
  summary.mean_us = static_cast<double>(sum) / static_cast<double>(summary.count);
  // Nearest rank: the smallest value with at least p of the values at or below it.
  auto percentile = [&](double p) {
    const auto rank = static_cast<uint64_t>(p * static_cast<double>(summary.count) + 0.999999);
    uint64_t seen = 0;
    for (size_t i = 0; i < kBuckets; ++i) {
      seen += counts[i];
      if (seen >= std::max<uint64_t>(rank, 1)) return std::min(lower_bound_of(i), summary.max_us);
    }
    return summary.max_us;
  };
  summary.p50_us = percentile(0.50);
  summary.p90_us = percentile(0.90);
  summary.p99_us = percentile(0.99);
  return summary;
}

namespace {

using Member = MicrosecondHistogram SendTruth::*;

MicrosecondHistogram::Summary summary_of(const std::vector<const SendTruth*>& threads, Member member) {
  std::vector<const MicrosecondHistogram*> parts;
  for (const SendTruth* truth : threads) parts.push_back(&(truth->*member));
  return MicrosecondHistogram::summarize(parts);
}

std::string summary_json(const MicrosecondHistogram::Summary& summary) {
  char text[256];
  std::snprintf(text, sizeof text,
                "{\"count\": %llu, \"mean\": %.1f, \"p50\": %llu, \"p90\": %llu, \"p99\": %llu, \"max\": %llu}",
                static_cast<unsigned long long>(summary.count), summary.mean_us,
                static_cast<unsigned long long>(summary.p50_us), static_cast<unsigned long long>(summary.p90_us),
                static_cast<unsigned long long>(summary.p99_us), static_cast<unsigned long long>(summary.max_us));
  return text;
}

}  // namespace

std::string send_truth_json(const std::vector<const SendTruth*>& threads) {
  const std::pair<const char*, Member> fields[] = {
      {"request_read_delay_us", &SendTruth::request_read_delay},
      {"served_ttft_us", &SendTruth::served_ttft},
      {"first_event_lateness_us", &SendTruth::first_event_lateness},
      {"event_lateness_us", &SendTruth::event_lateness},
      {"served_gap_us", &SendTruth::served_gap}};
  // requests: every generation or pooling request read; responses: those that sent content.
  std::string json = "{\"requests\": " + std::to_string(summary_of(threads, &SendTruth::request_read_delay).count) +
                     ", \"responses\": " + std::to_string(summary_of(threads, &SendTruth::served_ttft).count);
  for (const auto& [name, member] : fields) json += ", \"" + std::string(name) + "\": " + summary_json(summary_of(threads, member));
  return json + "}";
}

std::string send_truth_line(const std::vector<const SendTruth*>& threads) {
  const auto ttft = summary_of(threads, &SendTruth::served_ttft);
  const auto late = summary_of(threads, &SendTruth::event_lateness);
  const auto read = summary_of(threads, &SendTruth::request_read_delay);
  char text[320];
  std::snprintf(text, sizeof text,
                "mock: %llu responses; served TTFT mean %.2f ms; its own lateness: events p50 %.2f ms, p99 %.2f ms, "
                "max %.2f ms; request read delay p99 %.2f ms",
                static_cast<unsigned long long>(ttft.count), ttft.mean_us / 1000, static_cast<double>(late.p50_us) / 1000,
                static_cast<double>(late.p99_us) / 1000, static_cast<double>(late.max_us) / 1000,
                static_cast<double>(read.p99_us) / 1000);
  return text;
}

}  // namespace genai::mock
