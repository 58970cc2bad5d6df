#!/usr/bin/env python3
"""Soak: moderate load against the mock with faults on, for a long time, watching for leaks.

The mock (its own process) resets 1 % of requests before any byte, cuts 1 % of streams half-way
and answers 1 % with HTTP 500. genai-bench holds --concurrency users on it in back-to-back runs
of --run-seconds each (a run keeps its records in memory until it is summarised; across runs
memory must stay flat). Every --sample-seconds the resident memory and open descriptors of both
processes are sampled. At the end every request is accounted for: records.jsonl has one line per
request of the summaries, the error kinds are only the injected ones, and the requests the mock
read are exactly the attempts the records count.

Usage: bench/soak.py [--minutes 60] [--run-seconds 60] [--sample-seconds 60] [--concurrency 32]
                     [--binary build/release/genai-bench] [--out DIR] [--check] [--no-rss-check]
With --check it exits 1 when a count is off or memory or descriptors grew (the CI's short soak).
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

INJECTED = {"reset": 0.01, "disconnect": 0.01, "http_500": 0.01}


def resident_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def open_descriptors(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--run-seconds", type=int, default=60)
    parser.add_argument("--sample-seconds", type=float, default=60)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--binary", default="build/release/genai-bench")
    parser.add_argument("--out", default=None)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--no-rss-check", action="store_true", help="sanitized builds: their allocator keeps freed memory")
    args = parser.parse_args()
    out = args.out or tempfile.mkdtemp(prefix="genai-bench-soak-")
    os.makedirs(out, exist_ok=True)
    runs = max(1, round(args.minutes * 60 / args.run_seconds))

    mock = subprocess.Popen(
        [args.binary, "mock-server", "--port", "0", "--ttft-ms", "20", "--itl-ms", "5", "--threads", "1",
         "--error-rate", str(INJECTED["http_500"]), "--fault", f"reset:{INJECTED['reset']}",
         "--fault", f"disconnect:{INJECTED['disconnect']}", "--seed", "9"],
        stdout=subprocess.PIPE, text=True)
    port = int(mock.stdout.readline().strip().rsplit(":", 1)[1])
    experiment = f"soak-{int(time.time())}"
    command = [args.binary, "benchmark", "--api-base", f"http://127.0.0.1:{port}", "--api-model-name", "m",
               "--traffic-scenario", "N(200,50)/(64,16)", "--num-concurrency", *[str(args.concurrency)] * runs,
               "--max-time-per-run", f"{args.run_seconds}s", "--max-requests-per-run", "1000000000",
               "--max-retries", "1", "--retry-backoff", "10ms", "--threads", "1",
               "--output-dir", out, "--experiment-name", experiment, "--no-ui"]
    print(f"soak: {runs} runs of {args.run_seconds} s at concurrency {args.concurrency} against the mock on port "
          f"{port}, faults {INJECTED}; folder {out}/{experiment}", flush=True)
    log = open(os.path.join(out, "soak-benchmark.log"), "w")
    client = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)

    samples = []
    started = time.monotonic()
    next_sample = started + min(args.sample_seconds, 5)  # once the client is up and its users connected
    while client.poll() is None:
        if time.monotonic() >= next_sample:
            try:
                sample = {"seconds": round(time.monotonic() - started, 1),
                          "client_rss_kib": resident_kib(client.pid), "client_fds": open_descriptors(client.pid),
                          "mock_rss_kib": resident_kib(mock.pid), "mock_fds": open_descriptors(mock.pid)}
            except (FileNotFoundError, ProcessLookupError):
                break  # the client ended between poll() and the read
            samples.append(sample)
            print("sample", json.dumps(sample), flush=True)
            next_sample += args.sample_seconds
        time.sleep(0.2)
    exit_code = client.wait()
    stats = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/mock/stats", timeout=10).read())
    mock.terminate()
    mock.wait(timeout=10)
    log.close()

    with open(os.path.join(out, "soak-samples.csv"), "w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=["seconds", "client_rss_kib", "client_fds", "mock_rss_kib", "mock_fds"])
        writer.writeheader()
        writer.writerows(samples)

    folder = os.path.join(out, experiment)
    summaries = json.load(open(os.path.join(folder, "summary.json")))
    records = [json.loads(line) for line in open(os.path.join(folder, "records.jsonl"))]
    total = sum(s["requests"]["total"] for s in summaries)
    attempts = sum(r["attempts"] for r in records)
    kinds = {}
    for record in records:
        if not record["ok"]:
            kinds[record["error_kind"]] = kinds.get(record["error_kind"], 0) + 1
    retried = {}
    for record in records:
        for kind in record.get("retry_error_kinds", []):
            retried[kind] = retried.get(kind, 0) + 1
    print(f"soak: exit {exit_code}; {len(records)} records, {total} in the summaries; {attempts} attempts, "
          f"{stats['requests']} requests read by the mock; failed by kind {kinds}; retried by kind {retried}")

    problems = []
    if exit_code != 0:
        problems.append(f"genai-bench exited {exit_code} (see {out}/soak-benchmark.log)")
    if len(records) != total:
        problems.append(f"{len(records)} records but {total} requests in the summaries")
    if attempts != stats["requests"]:
        problems.append(f"{attempts} attempts recorded but the mock read {stats['requests']} requests")
    unexpected = (set(kinds) | set(retried)) - {"http_500", "disconnected"}
    if unexpected:
        problems.append(f"error kinds that were not injected: {sorted(unexpected)}")
    if len(samples) >= 3:
        settled = samples[len(samples) // 3:]  # after the first runs have warmed the allocator up
        first, last = settled[0], samples[-1]
        fds = [s["client_fds"] for s in samples]
        if max(fds) > min(fds) + args.concurrency + 8:
            problems.append(f"client descriptors grew: {min(fds)} .. {max(fds)}")
        mock_fds = [s["mock_fds"] for s in samples]
        if max(mock_fds) > min(mock_fds) + args.concurrency + 8:
            problems.append(f"mock descriptors grew: {min(mock_fds)} .. {max(mock_fds)}")
        for who in ("client", "mock"):
            grown = max(s[f"{who}_rss_kib"] for s in settled) - first[f"{who}_rss_kib"]
            allowed = first[f"{who}_rss_kib"] // 10 + 8192
            print(f"soak: {who} RSS {first[who + '_rss_kib']} KiB settled, {last[who + '_rss_kib']} KiB at the end, "
                  f"largest growth {grown} KiB (allowed {allowed})")
            if grown > allowed and not args.no_rss_check:
                problems.append(f"{who} memory grew by {grown} KiB")
    else:
        problems.append("too few samples to judge leaks")
    for problem in problems:
        print("soak: PROBLEM:", problem)
    if not problems:
        print("soak: every request accounted for, memory and descriptors flat")
    return 1 if (problems and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
