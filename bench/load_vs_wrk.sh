#!/usr/bin/env bash
# The client's speed against a reference: nginx (one worker, loopback) serves one static
# 256-event OpenAI chat stream for every POST; wrk -t1 -c64 (parses nothing) and genai-bench at
# concurrency 64 with one thread (parses every event, timestamps every token) each drive it for
# DURATION seconds. Prints both rates and genai-bench's as a fraction of wrk's.
# Usage: bench/load_vs_wrk.sh [DURATION_S=10] [GENAI_BENCH_BINARY]
set -euo pipefail
duration=${1:-10}
binary=${2:-build/release/genai-bench}
port=${PORT:-18089}
work=$(mktemp -d)
chmod 755 "$work"  # nginx started as root serves as nobody
trap 'kill $(cat "$work/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

# The stream: role chunk, 256 content chunks, finish, usage, [DONE] — vLLM's shapes.
python3 - "$work/stream.txt" <<'PY'
import json, sys
head = {"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 1700000000, "model": "bench"}
def event(payload): return "data: " + json.dumps(payload, separators=(",", ":")) + "\n\n"
parts = [event({**head, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "logprobs": None, "finish_reason": None}]})]
words = [" the", " quick", " brown", " fox", " jumps", " over", " a", " lazy", " dog", "."]
for i in range(256):
    parts.append(event({**head, "choices": [{"index": 0, "delta": {"content": words[i % len(words)]}, "logprobs": None,
                                              "finish_reason": "length" if i == 255 else None}]}))
parts.append(event({**head, "choices": [], "usage": {"prompt_tokens": 128, "total_tokens": 384, "completion_tokens": 256}}))
parts.append("data: [DONE]\n\n")
open(sys.argv[1], "w").write("".join(parts))
PY

cat > "$work/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 300s;
  client_body_buffer_size 64k;
  server {
    listen 127.0.0.1:$port;
    root $work;
    location / {
      default_type text/event-stream;
      rewrite ^ /stream.txt break;
      error_page 405 =200 /stream.txt;   # static files refuse POST; answer it like a GET
    }
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work"
sleep 0.5
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -d '{}' "http://127.0.0.1:$port/v1/chat/completions")
[[ "$status" == 200 ]] || { echo "nginx answers POST with $status, not 200" >&2; exit 1; }

cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"bench","messages":[{"role":"user","content":"hello"}],"max_tokens":256,"stream":true}'
LUA

echo "stream: $(wc -c < "$work/stream.txt") bytes, 256 content events"
wrk_output=$(wrk -t1 -c64 -d"${duration}s" -s "$work/post.lua" "http://127.0.0.1:$port/v1/chat/completions")
echo "$wrk_output"
wrk_rps=$(echo "$wrk_output" | awk '/Requests\/sec/ {print $2}')

"$binary" benchmark --api-base "http://127.0.0.1:$port" --api-model-name bench --traffic-scenario "D(8,256)" \
  --num-concurrency 64 --threads 1 --max-requests-per-run 1000000000 --max-time-per-run "${duration}s" \
  --output-dir "$work/out" --experiment-name bench --no-ui > "$work/genai.txt"
cat "$work/genai.txt"
genai_rps=$(python3 -c "import json;print(json.load(open('$work/out/bench/summary.json'))[0]['throughput']['requests_per_s'])")
python3 - "$wrk_rps" "$genai_rps" <<'PY'
import sys
wrk, genai = float(sys.argv[1]), float(sys.argv[2])
print(f"wrk: {wrk:.0f} req/s   genai-bench: {genai:.0f} req/s ({genai * 256:.0f} events/s)   ratio: {genai / wrk:.3f}")
PY
