# Sourced by the bench scripts: starts the built-in mock on a free loopback port (--port 0) in the
# background and waits until it says it listens. Sets mock_pid and mock_base (http://127.0.0.1:PORT).
# Usage: start_mock BINARY WORK_DIR MOCK_SERVER_ARGS...
start_mock() {
  local binary=$1 work=$2
  shift 2
  "$binary" mock-server --port 0 "$@" > "$work/mock.txt" 2>&1 &
  mock_pid=$!
  for _ in $(seq 50); do grep -q listening "$work/mock.txt" && break; sleep 0.1; done
  if ! mock_base=$(grep -o 'http://[0-9.:]*' "$work/mock.txt"); then
    echo "the mock server did not start: $(cat "$work/mock.txt")" >&2
    return 1
  fi
}
