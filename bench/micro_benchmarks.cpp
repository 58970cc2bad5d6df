// Micro-benchmarks of the per-token hot path and the per-request work, with Google Benchmark.
// Numbers go into docs/BENCHMARKS.md by hand, with the machine and the command.
#include <benchmark/benchmark.h>

#include <string>

#include "api/openai_decoder.h"
#include "metrics/statistics.h"
#include "net/padded_buffer.h"
#include "net/sse_decoder.h"
#include "report/record_json.h"

namespace {

const std::string kContentEvent =
    R"({"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"bench",)"
    R"("choices":[{"index":0,"delta":{"content":" quick"},"logprobs":null,"finish_reason":null}]})";

// A 256-event response body, as a server streams it.
std::string make_stream(int events) {
  std::string stream;
  for (int i = 0; i < events; ++i) stream += "data: " + kContentEvent + "\n\n";
  stream += "data: [DONE]\n\n";
  return stream;
}

void BM_SseDecoderSplitsEvents(benchmark::State& state) {
  genai::net::PaddedBuffer body;
  body.append(make_stream(256));
  genai::net::SseDecoder decoder;
  size_t events = 0;
  for (auto _ : state) {
    decoder.push(body.view());
    while (auto event = decoder.next()) {
      benchmark::DoNotOptimize(event->data.data());
      ++events;
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
  state.SetItemsProcessed(static_cast<int64_t>(events));
}
BENCHMARK(BM_SseDecoderSplitsEvents);

void BM_OpenAiChatEventDecode(benchmark::State& state) {
  auto decoder = genai::api::make_openai_decoder(genai::api::OpenAiEndpoint::chat);
  genai::net::PaddedBuffer event;
  event.append(kContentEvent);
  size_t chars = 0;
  for (auto _ : state) chars += decoder->decode_stream_event(event.view()).content_chars;
  benchmark::DoNotOptimize(chars);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_OpenAiChatEventDecode);

void BM_StreamSplitAndDecode(benchmark::State& state) {
  genai::net::PaddedBuffer body;
  body.append(make_stream(256));
  genai::net::SseDecoder splitter;
  auto decoder = genai::api::make_openai_decoder(genai::api::OpenAiEndpoint::chat);
  size_t events = 0;
  for (auto _ : state) {
    splitter.push(body.view());
    while (auto event = splitter.next()) {
      benchmark::DoNotOptimize(decoder->decode_stream_event(event->data).content_chars);
      ++events;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(events));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_StreamSplitAndDecode);

void BM_RecordToJsonLine(benchmark::State& state) {
  genai::metrics::RequestRecord record;
  record.t_start_ns = 123456789;
  record.t_first_ns = 223456789;
  record.t_end_ns = 2923456789;
  for (int i = 0; i < 255; ++i) record.itl_us.push_back(10000 + static_cast<uint32_t>(i % 7));
  for (auto _ : state) benchmark::DoNotOptimize(genai::report::record_to_json_line(record));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_RecordToJsonLine);

void BM_Statistics100k(benchmark::State& state) {
  std::vector<double> values;
  for (int i = 0; i < 100000; ++i) values.push_back(static_cast<double>((i * 7919) % 100003));
  for (auto _ : state) benchmark::DoNotOptimize(genai::metrics::compute_statistics(values).p99);
}
BENCHMARK(BM_Statistics100k);

}  // namespace

BENCHMARK_MAIN();
