#!/usr/bin/env bash
# Latency check agreement: launchgate's p95 for a route of the demo target against oha's
# (`cargo install --locked oha`), same route, same request count and concurrency, one after the
# other on the same machine. Three routes: the fast `/api/feed` (sub-millisecond, so the figure
# is mostly the machine's scheduling), `/api/items` (20 ms of work, a typical read) and
# `/api/feed` slowed to ~600 ms (`--misconfig slow-feed`).
#
#   bench/latency.sh            # 2000 requests at concurrency 10 (400 for the slow route; oha's first
#                               # request per connection includes the TLS handshake, so enough
#                               # samples keep those ten out of its p95)
#   ROUNDS=7 bench/latency.sh   # rounds per route (default 5 for the fast route, 1 for the slow):
#                               # the tools alternate and the median p95 of each is compared, since
#                               # a sub-millisecond p95 on a small machine moves from run to run
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work="$here/work/latency"
mkdir -p "$work"
command -v oha >/dev/null || { echo "oha not installed: cargo install --locked oha"; exit 1; }
source "$here/demo.sh"

compare() { # name route requests rounds misconfig...
  local name=$1 route=$2 n=$3 rounds=$4; shift 4
  local https http demo_pid
  start_demo "$work" "$@"
  trap 'kill $demo_pid 2>/dev/null || true' RETURN
  cat > "$work/policy.yml" <<YML
version: 1
checks:
  tls-certificate-expiring: off
probe:
  tls: { ca-file: ca.pem }
  limits: { max-requests: 10000 }
  targets:
    - name: demo
      url: https://localhost:$https/
      http-url: http://localhost:$http/
      api:
        latency:
          routes: [GET $route]
          requests: $n
          concurrency: 10
          warmup: 20
          p95-ms: 100000
YML
  local lgs=() ohas=()
  oha -n 20 -c 10 --no-tui --cacert "$work/ca.pem" --output-format quiet "https://localhost:$https$route" >/dev/null
  for _ in $(seq "$rounds"); do
    "$lg" probe --policy "$work/policy.yml" --format json --no-fail -q >"$work/lg.json"
    lgs+=("$(python3 -c "
import json,re,sys
r=json.load(open(sys.argv[1]))
m=[w['message'] for w in r['warnings'] if 'latency:' in w['message']][0]
print(re.search(r'p95 ([0-9.]+) ms', m).group(1))" "$work/lg.json")")
    oha -n "$n" -c 10 --no-tui --cacert "$work/ca.pem" --output-format json "https://localhost:$https$route" >"$work/oha.json"
    ohas+=("$(python3 -c "
import json,sys
r=json.load(open(sys.argv[1]))
print('%.3f' % (float(r['latencyPercentiles']['p95'])*1000))" "$work/oha.json")")
  done
  python3 - "$name" "$n" "${lgs[*]}" "${ohas[*]}" <<'PY'
import statistics, sys
name, n = sys.argv[1], sys.argv[2]
lg = [float(x) for x in sys.argv[3].split()]
oha = [float(x) for x in sys.argv[4].split()]
a, b = statistics.median(lg), statistics.median(oha)
print(f"{name:<8} {n:>5} requests x {len(lg)} rounds  launchgate p95 {a:8.3f} ms   oha p95 {b:8.3f} ms   difference {abs(a-b)/b*100:5.1f} %")
print(f"       rounds: launchgate {' '.join(f'{x:.3f}' for x in lg)} | oha {' '.join(f'{x:.3f}' for x in oha)}")
PY
}

echo "machine: $(nproc) cores"
compare fast /api/feed 2000 "${ROUNDS:-5}"
compare typical /api/items 2000 "${ROUNDS:-3}"
compare slow /api/feed 400 "${ROUNDS:-1}" --misconfig slow-feed
