#!/usr/bin/env bash
# Installs the Debian 12 packages genai-bench needs, only those missing (idempotent).
# Usage: scripts/install-deps.sh [compile|build|bench|fuzz|all]   (default: build = build + test;
# compile = only what building the binary needs, as the Containerfile's build stage does)
# Not root and something is missing: prints the apt-get command to run instead.
set -euo pipefail

compile_packages=(
  build-essential cmake ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev libssl-dev zlib1g-dev libsimdjson-dev
  libcli11-dev libyaml-cpp-dev libpcre2-dev libxlsxwriter-dev libicu-dev
  libsnappy-dev libzstd-dev liblz4-dev libbrotli-dev
)
build_packages=(
  "${compile_packages[@]}"
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-openpyxl gnuplot-nox tmux chromium fonts-liberation
  sentencepiece prometheus-node-exporter
)
# prometheus-node-exporter: test reference only: a real exporter's /metrics page for the metrics-parser
# test, which starts its own on a free port (on a systemd host apt also starts the service on :9100;
# the test does not use it).
# sentencepiece: test reference only: trains a real SentencePiece model with its nmt_nfkc charsmap
# (the tokenizer reference test's Precompiled normalizer).
# libsnappy-dev, libzstd-dev, liblz4-dev, libbrotli-dev: the Parquet reader's codecs (datasets from the Hub).
# gnuplot-nox draws the plots (PNG and SVG, no X); tmux gives the dashboard test a terminal;
# chromium (with a font, as recommends are not installed) opens the HTML report in the browser test. python3-openpyxl: the tests read the Excel reports back with an independent reader (run with
# /usr/bin/python3, Debian's, whatever else is first on PATH).
# Only `make bench` needs these: the reference server, the reference load generator, GNU time,
# and aiohttp for the peers' loop (bench/python_loop_anchor.py).
bench_packages=(nginx-light wrk time python3-aiohttp)
# Only the fuzz targets (`make fuzz-smoke`, `make fuzz`) need these: clang, and its libFuzzer runtime.
fuzz_packages=(clang libclang-rt-14-dev)

case "${1:-build}" in
  compile) wanted=("${compile_packages[@]}") ;;
  build) wanted=("${build_packages[@]}") ;;
  bench) wanted=("${build_packages[@]}" "${bench_packages[@]}") ;;
  fuzz)  wanted=("${build_packages[@]}" "${fuzz_packages[@]}") ;;
  all)   wanted=("${build_packages[@]}" "${bench_packages[@]}" "${fuzz_packages[@]}") ;;
  *) echo "install-deps.sh: unknown group '$1' (expected compile, build, bench, fuzz or all)" >&2; exit 2 ;;
esac

# Ubuntu 24.04 (noble) names the packages that differ from Debian 12's: Boost 1.83 (CMake asks
# for 1.81 or later), clang 18's runtime, and chromium, which Ubuntu ships only as a snap (the
# browser test then finds it on PATH). Not checked against noble's package lists nor tried on an
# Ubuntu machine: neither is reachable from where this was written (README).
if [[ -r /etc/os-release ]] && . /etc/os-release && [[ "${ID:-}" == ubuntu && "${VERSION_ID:-}" == 24.04 ]]; then
  for i in "${!wanted[@]}"; do
    case "${wanted[$i]}" in
      libboost1.81-dev) wanted[$i]=libboost1.83-dev ;;
      libboost-json1.81-dev) wanted[$i]=libboost-json1.83-dev ;;
      libclang-rt-14-dev) wanted[$i]=libclang-rt-18-dev ;;
      chromium) wanted[$i]=chromium-browser ;;
    esac
  done
fi

missing=()
for package in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

command=(apt-get install -y --no-install-recommends "${missing[@]}")
if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps.sh: missing packages; run as root:" >&2
  echo "  sudo apt-get update && sudo ${command[*]}" >&2
  exit 1
fi
echo "install-deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
"${command[@]}" >/dev/null
