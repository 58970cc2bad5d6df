#!/usr/bin/env python3
"""Time from process start to the first request on the wire.

Listens on a loopback port, notes the monotonic time just before it starts genai-bench (so
process creation, dynamic loading and everything before main() are counted), and again when the
first request bytes arrive. Repeats and prints the median and the spread.
Usage: bench/startup_time.py [BINARY] [REPEATS]
"""
import socket
import statistics
import subprocess
import sys
import tempfile
import time

binary = sys.argv[1] if len(sys.argv) > 1 else "build/release/genai-bench"
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 20
samples_ms = []
for _ in range(repeats):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    port = listener.getsockname()[1]
    with tempfile.TemporaryDirectory() as out:
        start = time.monotonic()
        process = subprocess.Popen(
            [binary, "benchmark", "--api-base", f"http://127.0.0.1:{port}", "--api-model-name", "m",
             "--num-concurrency", "1", "--max-requests-per-run", "1", "--max-retries", "0",
             "--output-dir", out, "--experiment-name", "startup", "--no-ui"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        connection, _ = listener.accept()
        connection.recv(65536)  # the first request's bytes
        arrived = time.monotonic()
        samples_ms.append((arrived - start) * 1e3)
        # Answer at once so the run ends (with --max-retries 0, a 500 is final); only the send
        # time matters.
        connection.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n")
        connection.close()
        process.wait(timeout=30)
    listener.close()
samples_ms.sort()
print(f"process start -> first request sent: median {statistics.median(samples_ms):.2f} ms, "
      f"min {samples_ms[0]:.2f} ms, max {samples_ms[-1]:.2f} ms over {repeats} runs")
