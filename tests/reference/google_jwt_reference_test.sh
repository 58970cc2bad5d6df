#!/usr/bin/env bash
# Our Google OAuth2 token requests against Google's own google-auth-library (npm, pinned) for the
# fixture key files in tests/fixtures/google-auth: the same JWT claims and grant fields, our RS256
# signature verified by Node's crypto and the library's verifier, and the library's grant accepted
# by our mock's check. The package is cached in CACHE_DIR. Exits 77 (skipped, with the reason)
# only when node/npm are missing or the registry cannot be reached.
# Usage: google_jwt_reference_test.sh UNIT_TESTS_BINARY CACHE_DIR
set -euo pipefail
unit_tests=$1
mkdir -p "$2"
cache=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/../fixtures/google-auth
packages=(google-auth-library@10.9.1)

source "$here/../npm_packages.sh"
install_npm_packages "$cache" "the Google auth reference" "${packages[@]}"
work=$cache/google-jwt
rm -rf "$work"
mkdir -p "$work"

# Runs one GoogleJwtReference test of the unit-test binary, which must pass (not skip).
run_unit_test() {
  local name=$1
  if ! GENAI_GOOGLE_JWT_REFERENCE_DIR=$work "$unit_tests" --gtest_filter="GoogleJwtReference.$name" \
       > "$work/$name.log" 2>&1 || ! grep -q "^\[       OK \] GoogleJwtReference.$name" "$work/$name.log"; then
    echo "FAIL GoogleJwtReference.$name did not pass:"
    cat "$work/$name.log"
    exit 1
  fi
}

run_unit_test WritesOurRequests
cp "$here/google_jwt_reference.cjs" "$cache/"
node "$cache/google_jwt_reference.cjs" "$fixtures" "$work"
run_unit_test AcceptsTheLibrarysGrant
echo "ok   our mock's grant check (verify_jwt_bearer_grant) accepts the grant google-auth-library signed"
