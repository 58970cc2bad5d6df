#!/usr/bin/python3
"""The peers' hot loop, as an anchor for `genai-bench calibrate` (docs/BENCHMARKS.md, section 14).

Python genai-bench, vLLM's and SGLang's bench scripts time streams the same way: one asyncio loop,
an aiohttp session, `json.loads` per server-sent event and `time.perf_counter()` per content chunk.
This script runs that loop, closed loop with N users, against our mock server started here with
fixed delays (TTFT and ITL), so what it reports above the mock's delays is the loop's own cost.
The loop gets CPU 0 and the mock CPU 1 (where there are two), as calibrate does.

    bench/python_loop_anchor.py --binary build/release/genai-bench --concurrency 100 1000 3000

Needs python3-aiohttp (scripts/install-deps.sh bench), hence Debian's /usr/bin/python3.
"""
import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import time

try:
    import aiohttp
except ImportError:
    sys.exit("python_loop_anchor: aiohttp is missing: scripts/install-deps.sh bench (Debian: python3-aiohttp)")


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = fraction * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


async def user(session, url, body, deadline, ttft, itl, failures):
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        last = None
        try:
            async with session.post(url, json=body) as response:
                if response.status != 200:
                    failures.append(response.status)
                    await response.read()
                    continue
                async for line in response.content:
                    if not line.startswith(b"data: ") or line.startswith(b"data: [DONE]"):
                        continue
                    event = json.loads(line[6:])
                    choices = event.get("choices") or []
                    if not choices or not (choices[0].get("delta") or {}).get("content"):
                        continue
                    now = time.perf_counter()
                    if last is None:
                        ttft.append((now - start) * 1e3)
                    else:
                        itl.append((now - last) * 1e3)
                    last = now
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            failures.append(type(error).__name__)


async def run(url, users, seconds, output_tokens):
    body = {"model": "mock", "messages": [{"role": "user", "content": "word " * 100}], "max_tokens": output_tokens,
            "stream": True, "temperature": 0.0}
    ttft, itl, failures = [], [], []
    connector = aiohttp.TCPConnector(limit=users)
    timeout = aiohttp.ClientTimeout(total=600)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        deadline = time.perf_counter() + seconds
        await asyncio.gather(*(user(session, url, body, deadline, ttft, itl, failures) for _ in range(users)))
    return ttft, itl, failures


def start_mock(binary, ttft_ms, itl_ms, cpus):
    command = [binary, "mock-server", "--host", "127.0.0.1", "--port", "0", "--ttft-ms", str(ttft_ms),
               "--itl-ms", str(itl_ms), "--threads", "1"]
    if cpus > 1:
        command = ["taskset", "-c", "1"] + command
    mock = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = mock.stdout.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
    if not match:
        mock.kill()
        sys.exit(f"python_loop_anchor: the mock did not start: {line.strip() or 'no output'}")
    return mock, match.group(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default="build/release/genai-bench")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--seconds", type=float, default=4)
    parser.add_argument("--ttft-ms", type=float, default=100)
    parser.add_argument("--itl-ms", type=float, default=20)
    parser.add_argument("--output-tokens", type=int, default=64)
    args = parser.parse_args()

    cpus = os.cpu_count() or 1
    mock, base = start_mock(args.binary, args.ttft_ms, args.itl_ms, cpus)
    if cpus > 1:
        os.sched_setaffinity(0, {0})
    print(f"python {sys.version.split()[0]}, aiohttp {aiohttp.__version__}; mock {base} (TTFT {args.ttft_ms} ms, "
          f"ITL {args.itl_ms} ms{', on CPU 1; this loop on CPU 0' if cpus > 1 else ''})")
    print("users  requests  TTFT mean / p99 ms   ITL mean / p99 ms   failures")
    try:
        for users in args.concurrency:
            ttft, itl, failures = asyncio.run(run(base + "/v1/chat/completions", users, args.seconds, args.output_tokens))
            print(f"{users:5d}  {len(ttft):8d}  {statistics.fmean(ttft) if ttft else float('nan'):8.1f} / "
                  f"{percentile(ttft, 0.99):7.1f}  {statistics.fmean(itl) if itl else float('nan'):8.1f} / "
                  f"{percentile(itl, 0.99):6.1f}   {len(failures)}", flush=True)
    finally:
        mock.terminate()
        mock.wait()


if __name__ == "__main__":
    main()
