#!/usr/bin/env bash
# Renders the Kubernetes manifests of one sharded benchmark: N shards as an Indexed Job (or, with
# --jobset, a JobSet) and the merge, the images, a start a few minutes ahead, and the benchmark's
# own arguments after `--`. Prints YAML for `kubectl apply -f -`. Needs kubectl (or kustomize).
#
#   deploy/kubernetes/render.sh --shards 4 --image registry.example.com/genai-bench:0.1.0 -- \
#     --api-base http://vllm.default.svc:8000 --api-backend openai --api-model-name Qwen/Qwen3-8B \
#     --model-tokenizer Qwen/Qwen3-8B \
#     --traffic-scenario "D(100,100)" --request-rate 20000 --max-time-per-run 60s | kubectl apply -f -
#
# Options:
#   --shards N              how many shards (pods), N >= 1 (required)
#   --image IMAGE           the shards' image (required); the Dockerfile's default target
#   --reports-image IMAGE   the merge's image (default: --image); the Dockerfile's `reports` target
#                           adds gnuplot, for the merged experiment's plots
#   --start-in DURATION     start this long after rendering: 90s, 3m (default 3m: pull the image,
#                           build the prompts, open the connections)
#   --start-at TIME         or an exact moment, RFC 3339 (2026-11-30T19:00:00Z)
#   --run-id ID             results go to /results/ID on the volume (default: genai-bench-START)
#   --merge-wait SECONDS    how long the merge waits for every shard.json (default 3600)
#   --storage-class NAME    the results volume's class (ReadWriteMany; default: the cluster's)
#   --namespace NS          put every object in NS
#   --jobset                one JobSet (JobSet v0.8.0+) instead of two Jobs
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "render.sh: $*" >&2; exit 2; }

shards='' image='' reports_image='' start_in=3m start_at='' run_id='' merge_wait=3600
storage_class='' namespace='' variant=base
while [[ $# -gt 0 ]]; do
  case "$1" in
    --shards|--image|--reports-image|--start-in|--start-at|--run-id|--merge-wait|--storage-class|--namespace)
      [[ $# -ge 2 ]] || fail "$1 needs a value"
      declare "$(tr - _ <<< "${1#--}")=$2"; shift 2 ;;
    --jobset) variant=jobset; shift ;;
    --) shift; break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown option '$1' (the benchmark's own arguments go after --)" ;;
  esac
done
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || fail "--shards must be a whole number of at least 1, not '$shards'"
[[ -n "$image" ]] || fail "--image is required"
[[ "$merge_wait" =~ ^[0-9]+$ ]] || fail "--merge-wait must be whole seconds, not '$merge_wait'"
reports_image=${reports_image:-$image}
for arg in "$@"; do
  case "$arg" in
    --shard|--shard=*|--start-at|--start-at=*|--output-dir|--output-dir=*|--experiment-base-dir|--experiment-base-dir=*|--experiment-name|--experiment-name=*|--experiment-folder-name|--experiment-folder-name=*)
      fail "'${arg%%=*}' is set by the manifests (--shard auto/N, --start-at, and /results/RUN_ID/shard-I); leave it out" ;;
  esac
done

if [[ -z "$start_at" ]]; then
  case "$start_in" in
    *m) seconds=$(( ${start_in%m} * 60 )) ;;
    *s) seconds=${start_in%s} ;;
    *) seconds=$start_in ;;
  esac
  [[ "$seconds" =~ ^[0-9]+$ ]] || fail "--start-in must be like 90s or 3m, not '$start_in'"
  start_at=$(date -u -d "+$seconds seconds" +%Y-%m-%dT%H:%M:%SZ)
fi
[[ "$start_at" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2})$ ]] ||
  fail "--start-at must be RFC 3339, like 2026-11-30T19:00:00Z, not '$start_at'"
run_id=${run_id:-genai-bench-$(tr -d ':-' <<< "${start_at%%[.Z+]*}" | tr 'T' '-')}
[[ "$run_id" =~ ^[A-Za-z0-9._-]+$ ]] || fail "--run-id may hold letters, digits, '.', '_' and '-' only, not '$run_id'"

# JSON string literal (JSON is YAML): the benchmark's arguments may hold quotes and parentheses.
json_string() {
  local s=$1
  [[ "$s" != *[$'\x01'-$'\x08\x0b\x0c\x0e'-$'\x1f']* ]] || fail "an argument holds a control character"
  s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\t'/\\t}; s=${s//$'\n'/\\n}; s=${s//$'\r'/\\r}
  printf '"%s"' "$s"
}
# name[:tag] or name@digest, for kustomize's images transformer.
image_entry() {
  local from=$1 ref=$2 name tag=''
  if [[ "$ref" == *@* ]]; then
    printf '  - name: %s\n    newName: %s\n    digest: %s\n' "$from" "$(json_string "${ref%@*}")" "$(json_string "${ref#*@}")"
    return
  fi
  name=$ref
  if [[ "${ref##*/}" == *:* ]]; then name=${ref%:*}; tag=${ref##*:}; fi
  printf '  - name: %s\n    newName: %s\n' "$from" "$(json_string "$name")"
  [[ -z "$tag" ]] || printf '    newTag: %s\n' "$(json_string "$tag")"
}

overlay=$(mktemp -d "${TMPDIR:-/tmp}/genai-bench-render.XXXXXX")
trap 'rm -rf "$overlay"' EXIT
# kustomize takes no absolute path to a base: the overlay gets its own copy beside it.
cp -R "$here/common" "$here/$variant" "$overlay/"
{
  echo "apiVersion: kustomize.config.k8s.io/v1beta1"
  echo "kind: Kustomization"
  echo "resources:"
  echo "  - $variant"
  [[ -z "$namespace" ]] || echo "namespace: $(json_string "$namespace")"
  echo "images:"
  image_entry genai-bench "$image"
  image_entry genai-bench-reports "$reports_image"
  echo "configMapGenerator:"
  echo "  - name: genai-bench-run"
  echo "    behavior: replace"
  echo "    literals:"
  echo "      - $(json_string "shards=$shards")"
  echo "      - $(json_string "start-at=$start_at")"
  echo "      - $(json_string "run-id=$run_id")"
  echo "      - $(json_string "merge-wait-seconds=$merge_wait")"
  echo "patches:"
  if [[ "$variant" == base ]]; then
    echo "  - target: {group: batch, version: v1, kind: Job, name: genai-bench-shards}"
    prefix=/spec
  else
    echo "  - target: {group: jobset.x-k8s.io, kind: JobSet, name: genai-bench}"
    prefix=/spec/replicatedJobs/0/template/spec
  fi
  echo "    patch: |-"
  echo "      - {op: replace, path: $prefix/completions, value: $shards}"
  echo "      - {op: replace, path: $prefix/parallelism, value: $shards}"
  for arg in "$@"; do
    echo "      - {op: add, path: $prefix/template/spec/containers/0/args/-, value: $(json_string "$arg")}"
  done
  if [[ -n "$storage_class" ]]; then
    echo "  - target: {version: v1, kind: PersistentVolumeClaim, name: genai-bench-results}"
    echo "    patch: |-"
    echo "      - {op: add, path: /spec/storageClassName, value: $(json_string "$storage_class")}"
  fi
} > "$overlay/kustomization.yaml"

if command -v kubectl > /dev/null; then
  kubectl kustomize "$overlay"
elif command -v kustomize > /dev/null; then
  kustomize build "$overlay"
else
  fail "kubectl (or kustomize) is needed to render the manifests"
fi
