#include "app/python_defaults.h"

namespace genai::app {

std::vector<std::string> python_default_scenarios(const std::string& task) {
  if (task == "text-to-text") return {"N(480,240)/(300,150)", "D(100,100)", "D(100,1000)", "D(2000,200)", "D(7800,200)"};
  if (task == "text-to-embeddings") return {"E(64)", "E(128)", "E(256)", "E(512)", "E(1024)"};
  if (task == "text-to-rerank") {
    return {"R(64,100)", "R(128,100)", "R(256,100)", "R(512,100)", "R(1024,100)", "R(2096,100)", "R(4096,100)"};
  }
  if (task == "image-text-to-text" || task == "image-to-embeddings") return {"I(512,512)", "I(1024,512)", "I(2048,2048)"};
  if (task == "text-to-image") return {"I(512,512)", "I(1024,1024)", "I(1024,1792)"};
  if (task == "text-to-speech") return {"A(100)", "A(500)", "A(1000)", "A(2000)", "A(4000)"};
  return {};
}

std::string demo_scenario(const std::string& task) {
  if (task == "text-to-embeddings") return "E(128)";
  if (task == "text-to-rerank") return "R(128,32)";
  if (task == "image-text-to-text" || task == "image-to-embeddings" || task == "text-to-image") return "I(512,512)";
  if (task == "text-to-speech") return "A(100)";
  return "D(128,128)";
}

const std::vector<int64_t>& python_default_concurrencies() {
  static const std::vector<int64_t> values{1, 2, 4, 8, 16, 32, 64, 128, 256};
  return values;
}

const std::vector<int64_t>& python_default_batch_sizes() {
  static const std::vector<int64_t> values{1, 2, 4, 8, 24, 48, 96};
  return values;
}

}  // namespace genai::app
