#!/usr/bin/env bash
# Running out of ephemeral ports, for real, in a private network namespace whose ephemeral range
# is 10 ports (net.ipv4.ip_local_port_range is per namespace): 30 concurrent streams from one
# source address get 10 connections, and the other 20 requests fail as connect_eaddrnotavail,
# counted and hinted, with no hang; with --local-ips giving three other loopback addresses, the same 30
# streams all get through (each address has its own 10 ports, IP_BIND_ADDRESS_NO_PORT).
# Exits 77 (skipped, with the reason) where network namespaces are not permitted.
# Usage: port_exhaustion_test.sh GENAI_BENCH_BINARY
set -euo pipefail
binary=$(realpath "$1")
if [[ "${2:-}" != --inside ]]; then
  if ! unshare -n true 2>/dev/null; then
    echo "SKIP: network namespaces are not permitted here (unshare -n failed: not root, or no CAP_SYS_ADMIN)"
    exit 77
  fi
  if ! command -v ip >/dev/null; then
    echo "SKIP: the ip command (iproute2) is missing"
    exit 77
  fi
  exec unshare -n bash "$0" "$binary" --inside
fi

ip link set lo up
sysctl -qw net.ipv4.ip_local_port_range="40000 40009"
work=$(mktemp -d "${TMPDIR:-/tmp}/port-exhaustion.XXXXXX")
mock_pid=
trap '[[ -n "$mock_pid" ]] && kill "$mock_pid" 2>/dev/null; rm -rf "$work"' EXIT
# The mock's port is outside the 10-port range; a 2 s TTFT holds every connection open at once.
"$binary" mock-server --host 127.0.0.1 --port 18000 --ttft-ms 2000 --itl-ms 1 > "$work/mock.out" 2>&1 &
mock_pid=$!
for _ in $(seq 100); do
  grep -q 'listening on' "$work/mock.out" 2>/dev/null && break
  sleep 0.1
done
grep -q 'listening on http://127.0.0.1:18000' "$work/mock.out" || { echo "FAIL the mock did not start: $(cat "$work/mock.out")"; exit 1; }

# 30 requests due within 30 ms, each held 2 s: 30 streams at once, each needing a connection. Open
# loop, so a request that fails to connect does not take the place of one that would not (a closed
# loop's failing users run through the budget at once). One client thread: with two, the kernel's
# port choice for connects racing on the last free ports sometimes refuses ports that are free.
run() {  # name, extra flags...: at most 60 s (a hang fails the test)
  local name=$1 status=0
  shift
  timeout 60 "$binary" benchmark --api-base http://127.0.0.1:18000 --api-model-name m --traffic-scenario "D(10,2)" \
    --request-rate 1000 --arrival constant --max-requests-per-run 30 --max-retries 0 --threads 1 --no-ui \
    --no-end-reports --output-dir "$work/$name" --experiment-name x "$@" > "$work/$name.out" 2>&1 || status=$?
  echo "$status"
}

failed=0
status=$(run one_address)
if [[ "$status" == 124 ]]; then echo "FAIL one source address: the run hung"; failed=1; fi
ok=$(grep -c '"ok": *true' "$work/one_address/x/records.jsonl" || true)
short=$(grep -c '"error_kind": *"connect_eaddrnotavail"' "$work/one_address/x/records.jsonl" || true)
if [[ "$status" != 0 || "$ok" != 10 || "$short" != 20 ]]; then
  echo "FAIL one source address: exit $status, $ok ok and $short connect_eaddrnotavail (expected 0, 10 and 20)"
  cat "$work/one_address.out"
  failed=1
elif ! grep -q 'hint: connect_eaddrnotavail' "$work/one_address.out"; then
  echo "FAIL one source address: no hint in the output"
  cat "$work/one_address.out"
  failed=1
else
  echo "PASS one source address, 10 ephemeral ports: 10 streams, 20 requests counted as connect_eaddrnotavail, no hang"
fi

# Addresses the first run did not use: its 10 ports of 127.0.0.1 are in TIME_WAIT for a minute.
status=$(run three_addresses --local-ips 127.0.0.2,127.0.0.3,127.0.0.4)
ok=$(grep -c '"ok": *true' "$work/three_addresses/x/records.jsonl" || true)
if [[ "$status" != 0 || "$ok" != 30 ]]; then
  echo "FAIL --local-ips with three addresses: exit $status, $ok of 30 requests ok"
  cat "$work/three_addresses.out"
  failed=1
else
  echo "PASS --local-ips 127.0.0.2,127.0.0.3,127.0.0.4: all 30 streams carried on 3 x 10 ports"
fi
exit $failed
