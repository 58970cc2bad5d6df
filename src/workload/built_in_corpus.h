// The project's own prose, used for prompts when the user gives no --dataset-path.
#pragma once

#include <string_view>

namespace genai::workload {

std::string_view built_in_corpus();

}  // namespace genai::workload
