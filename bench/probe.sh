#!/usr/bin/env bash
# Probe benchmark: the full default web probe (all 40 checks) of one local target, the demo
# target over real HTTPS on 127.0.0.1, configured well and with every misconfiguration it can
# serve at once. Reports wall time per run and the requests sent. The budget is 3 s per target.
#
#   bench/probe.sh            # 5 runs each
#   RUNS=20 bench/probe.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work="$here/work/probe"
runs=${RUNS:-5}
mkdir -p "$work"
source "$here/demo.sh"

bench() { # name, then demo-target flags
  local name=$1; shift
  local https http demo_pid
  start_demo "$work" "$@"
  trap 'kill $demo_pid 2>/dev/null || true' RETURN
  cat > "$work/policy.yml" <<YML
version: 1
probe:
  tls: { ca-file: ca.pem }
  cors: { allowed-origins: [https://app.example.com] }
  targets:
    - name: demo
      url: https://localhost:$https/
      http-url: http://localhost:$http/
      pages: [/login, /pricing]
      health: /healthz
YML
  local best="" requests findings
  for _ in $(seq "$runs"); do
    local start end wall
    start=$(date +%s.%N)
    "$lg" probe --policy "$work/policy.yml" --format json --no-fail -q >"$work/out.json"
    end=$(date +%s.%N)
    wall=$(awk "BEGIN { printf \"%.3f\", $end - $start }")
    if [ -z "$best" ] || awk "BEGIN { exit !($wall < $best) }"; then best=$wall; fi
  done
  read -r requests findings < <(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(r['engines'][0]['requests'], len(r['findings']))" "$work/out.json")
  printf '%-16s best %6s s of %s runs   %4s requests   %3s findings\n' "$name" "$best" "$runs" "$requests" "$findings"
}

echo "machine: $(nproc) cores"
bench good
bench misconfigured --misconfig temporary-redirect,weak-hsts,unsafe-csp,no-nosniff,no-referrer-policy,no-permissions-policy,version-leak,insecure-cookie,cors-reflect,exposed-env,exposed-git,exposed-ds-store,exposed-source-map,debug-endpoint,stack-trace,bundle-secret,bundle-localhost,health-failing,cert-expiring
