#!/usr/bin/env bash
# Our AWS event-stream framing against the AWS SDK's own codec (@smithy/eventstream-codec, from
# npm, pinned), both ways: smithy encodes messages with every header type and payloads of
# 0..70000 bytes, which our decoder must read back in random pieces (the EventStreamReference
# gtests); then smithy's stream splitter and codec must read our encoder's frames back as we
# wrote them. Packages are cached in CACHE_DIR. Exits 77 (skipped, with the reason) only when
# node/npm are missing or the registry cannot be reached.
# Usage: event_stream_reference_test.sh UNIT_TESTS_BINARY CACHE_DIR
set -euo pipefail
unit_tests=$1
mkdir -p "$2"
cache=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
# @smithy/core holds the codec's code (eventstream-codec re-exports it): pinned too, so a new
# release of it cannot change the reference under us.
packages=(@smithy/eventstream-codec@4.5.2 @smithy/util-utf8@4.5.2 @smithy/core@3.41.1)

source "$here/../npm_packages.sh"
install_npm_packages "$cache" "the AWS event-stream reference codec" "${packages[@]}"
# node resolves the packages from the script's folder.
cp "$here/event_stream_reference.cjs" "$cache/"
work=$(mktemp -d "$cache/run.XXXXXX")
trap 'rm -rf "$work"' EXIT

node "$cache/event_stream_reference.cjs" make "$work"
status=0
GENAI_EVENT_STREAM_REFERENCE_DIR=$work "$unit_tests" --gtest_filter='EventStreamReference.*' \
  > "$work/gtest.log" 2>&1 || status=$?
# A binary without these tests would pass with nothing run: require both to have passed.
if [[ $status -ne 0 ]] || ! grep -q '^\[  PASSED  \] 2 tests' "$work/gtest.log"; then
  tail -40 "$work/gtest.log"
  echo "our decoder does not read smithy's frames as smithy wrote them (or the tests did not run)"
  exit 1
fi
echo "our decoder read smithy's frames as smithy wrote them, in random pieces"
node "$cache/event_stream_reference.cjs" check "$work"
