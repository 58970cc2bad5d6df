// Micro-benchmarks of what the hosted providers add per request and per event: signing a request
// (SigV4 for Bedrock, RSA for OCI), and splitting and decoding Bedrock's event-stream frames next
// to OpenAI's SSE (BM_StreamSplitAndDecode in micro_benchmarks.cpp). Numbers go into
// docs/BENCHMARKS.md by hand, with the machine and the command.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "api/backend.h"
#include "auth/oci_signature.h"
#include "auth/sigv4.h"
#include "net/event_stream_decoder.h"
#include "net/event_stream_encoder.h"
#include "net/padded_buffer.h"

namespace {

// A chat body of about 1 KB, as a 200-token prompt makes.
const std::string kBody = R"({"messages":[{"role":"user","content":[{"text":")" + std::string(900, 'a') +
                          R"("}]}],"inferenceConfig":{"maxTokens":128}})";

void BM_SigV4SignBedrockRequest(benchmark::State& state) {
  const genai::auth::AwsCredentials credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
  genai::auth::SigV4Scope scope;
  scope.region = "us-east-1";
  scope.service = "bedrock";
  genai::auth::SigV4Request request{"POST", "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream", "",
                                    {{"Host", "bedrock-runtime.us-east-1.amazonaws.com"}, {"Content-Type", "application/json"}},
                                    kBody};
  const auto now = std::chrono::system_clock::now();
  for (auto _ : state) benchmark::DoNotOptimize(genai::auth::sigv4_sign(request, credentials, scope, now));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_SigV4SignBedrockRequest);

void BM_OciSignRequest(benchmark::State& state) {
  const std::filesystem::path key_file = std::filesystem::path(GENAI_SOURCE_DIR) / "tests/fixtures/oci-signing/go_sdk_test_private_key.pem";
  std::ifstream in(key_file);
  std::stringstream pem;
  pem << in.rdbuf();
  auto key = genai::auth::load_oci_private_key(pem.str());
  if (!key) {
    state.SkipWithError(key.error().c_str());
    return;
  }
  const genai::auth::OciRequest request{"POST", "/20231130/actions/chat", "inference.generativeai.us-chicago-1.oci.oraclecloud.com",
                                        "application/json", kBody};
  const auto now = std::chrono::system_clock::now();
  for (auto _ : state) benchmark::DoNotOptimize(genai::auth::oci_sign(request, **key, "tenancy/user/fingerprint", now));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_OciSignRequest);

// 256 ConverseStream contentBlockDelta frames, split and decoded by the Bedrock backend's decoder.
void BM_EventStreamSplitAndDecode(benchmark::State& state) {
  std::string stream;
  for (int i = 0; i < 256; ++i) {
    stream += genai::net::encode_event("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":" quick"},"p":"abcdefghij"})");
  }
  genai::net::PaddedBuffer body;
  body.append(stream);
  genai::api::BackendOptions options;
  options.model = "anthropic.claude-3-haiku-20240307-v1:0";
  auto backend = genai::api::make_backend("aws-bedrock", options);
  auto decoder = (*backend)->make_decoder();
  genai::net::EventStreamDecoder splitter;
  size_t events = 0;
  for (auto _ : state) {
    splitter.push(body.view());
    while (auto message = splitter.next()) {
      benchmark::DoNotOptimize(
          decoder->decode_event(genai::api::StreamEvent{message->event_type, message->payload, false}, nullptr).content_chars);
      ++events;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(events));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_EventStreamSplitAndDecode);

}  // namespace
