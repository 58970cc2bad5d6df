// The JSON parser runs the kernel the build meant it to: simdjson's on-demand parser is compiled
// into our code and picks its kernel (SIMDJSON_BUILTIN_IMPLEMENTATION) from the instruction set we
// compile for. -march=x86-64-v2 alone lacks PCLMUL, and simdjson then fell back, silently, to its
// generic kernel.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>

namespace {

#define GENAI_STRINGIFY_INNER(x) #x
#define GENAI_STRINGIFY(x) GENAI_STRINGIFY_INNER(x)

TEST(SimdjsonKernel, IsNotTheGenericFallback) {
  const std::string kernel = GENAI_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION);
#if defined(__x86_64__) && defined(__SSE4_2__)
  EXPECT_NE(kernel, "fallback") << "compiled without PCLMUL? see GENAI_ARCH in CMakeLists.txt";
#else
  GTEST_SKIP() << "not an x86-64 build with SSE4.2 (kernel: " << kernel << ")";
#endif
}

}  // namespace
