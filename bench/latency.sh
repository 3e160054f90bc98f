#!/usr/bin/env bash
# Latency check agreement: launchgate's p95 for a route of the demo target against oha's
# (`cargo install --locked oha`), same route, same request count and concurrency, one after the
# other on the same machine. Two routes: the fast `/api/feed` and the same route slowed to
# ~600 ms (`--misconfig slow-feed`).
#
#   bench/latency.sh            # 1000 requests at concurrency 10 (400 for the slow route; oha's first
#                               # request per connection includes the TLS handshake, so enough
#                               # samples keep those ten out of its p95)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work="$here/work/latency"
mkdir -p "$work"
command -v oha >/dev/null || { echo "oha not installed: cargo install --locked oha"; exit 1; }
(cd "$root" && cargo build --release --locked -q -p launchgate-cli -p demo-target)
lg="$root/target/release/launchgate"
demo="$root/target/release/demo-target"

compare() { # name requests misconfig...
  local name=$1 n=$2; shift 2
  local https=$((18000 + RANDOM % 1000)) http=$((19000 + RANDOM % 1000))
  "$demo" --https-port "$https" --http-port "$http" --ca-out "$work/ca.pem" "$@" >/dev/null &
  local pid=$!
  trap 'kill $pid 2>/dev/null || true' RETURN
  for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$https) 2>/dev/null && break; sleep 0.1; done
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
          routes: [GET /api/feed]
          requests: $n
          concurrency: 10
          warmup: 20
          p95-ms: 100000
YML
  "$lg" probe --policy "$work/policy.yml" --format json --no-fail -q >"$work/lg.json"
  local lg_p95
  lg_p95=$(python3 -c "
import json,re,sys
r=json.load(open(sys.argv[1]))
m=[w['message'] for w in r['warnings'] if 'latency:' in w['message']][0]
print(re.search(r'p95 ([0-9.]+) ms', m).group(1))" "$work/lg.json")
  oha -n 20 -c 10 --no-tui --cacert "$work/ca.pem" --output-format quiet "https://localhost:$https/api/feed" >/dev/null
  oha -n "$n" -c 10 --no-tui --cacert "$work/ca.pem" --output-format json "https://localhost:$https/api/feed" >"$work/oha.json"
  local oha_p95
  oha_p95=$(python3 -c "
import json,sys
r=json.load(open(sys.argv[1]))
p=r['latencyPercentiles']
print('%.3f' % (float(p['p95'])*1000))" "$work/oha.json")
  python3 - "$name" "$n" "$lg_p95" "$oha_p95" <<'PY'
import sys
name, n, a, b = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
print(f"{name:<10} {n:>5} requests  launchgate p95 {a:8.2f} ms   oha p95 {b:8.2f} ms   difference {abs(a-b)/b*100:5.1f} %")
PY
}

echo "machine: $(nproc) cores"
compare fast 1000
compare slow 400 --misconfig slow-feed
