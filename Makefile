# The two commands of the README: `make demo` and `make test`. Everything installs what it needs.
.PHONY: deps build demo demo-providers test test-asan bench fuzz-build fuzz-smoke fuzz dist clean

BIN := build/release/genai-bench

deps:
	@scripts/install-deps.sh build

build: deps
	cmake --preset release >/dev/null
	cmake --build --preset release

# Benchmarks the built-in mock server (no --api-base given): a first run on a fresh machine;
# then every hosted provider's backend against the mock speaking its API.
demo: build
	$(BIN) benchmark --traffic-scenario "D(128,128)" --num-concurrency 1 8 64 \
	    --max-requests-per-run 200 --max-time-per-run 10s --output-dir results \
	    --experiment-name demo-$$(date +%Y%m%d-%H%M%S)
	scripts/demo_providers.sh $(BIN)

demo-providers: build
	scripts/demo_providers.sh $(BIN)

# sync: the timing tests should not share the disk and CPU with the build's writeback.
test: build
	sync
	ctest --preset release -j2

test-asan: deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan
	sync
	ctest --preset asan -j2

bench:
	@scripts/install-deps.sh bench
	cmake --preset release >/dev/null
	cmake --build --preset release
	build/release/bench/micro_benchmarks
	bench/load_vs_wrk.sh 10
	bench/startup_time.py
	bench/memory_per_stream.sh 10000

# libFuzzer targets (fuzz/): a short run of each for CI, and a long one (FUZZ_SECONDS per target,
# FUZZ_JOBS at once) that keeps its corpus in build/fuzz/corpus. FUZZ_TARGETS="scenario trace"
# runs only those.
fuzz-build:
	@scripts/install-deps.sh fuzz
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz

fuzz-smoke: fuzz-build
	fuzz/run.sh smoke $(FUZZ_TARGETS)

fuzz: fuzz-build
	fuzz/run.sh long $(FUZZ_TARGETS)

# A tarball for Linux machines that are not Debian 12 (README, "A binary for other machines").
dist: build
	scripts/make_dist.sh build/release/genai-bench-portable $$(build/release/genai-bench --version | cut -d" " -f2) dist

clean:
	rm -rf build
