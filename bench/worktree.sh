#!/usr/bin/env bash
# Working-tree scan benchmark: throughput (MB/s), peak memory and finding count of launchgate on
# a tree of real published JavaScript (npm packages with their dependencies, minified bundles
# and source maps included), next to Kingfisher on the same tree when it is installed.
#
#   bench/worktree.sh            # builds the corpus on first run (npm), then measures
#   RUNS=5 bench/worktree.sh     # more repetitions (best wall time is reported)
#   MB=200 bench/worktree.sh     # only the first packages (by name) up to 200 MB, hard-linked:
#                                # a smaller tree weighs each scanner's start-up more
#
# Peers: `pip install kingfisher-bin` (run with --no-validate --no-update-check).
# Published library code should yield next to no findings: each one is a false positive to fix.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work="$here/work"
corpus="$work/corpus"
runs=${RUNS:-3}
mkdir -p "$work"

if [ ! -d "$corpus/node_modules" ]; then
  echo "building the corpus in $corpus (npm install --ignore-scripts)…" >&2
  mkdir -p "$corpus"
  (cd "$corpus" && npm init -y >/dev/null &&
    grep -v '^#' "$here/packages.txt" | xargs npm install --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
fi
if [ -n "${MB:-}" ]; then
  subset="$work/corpus-${MB}mb"
  if [ ! -d "$subset" ]; then
    mkdir -p "$subset/node_modules"
    total=0
    for d in "$corpus"/node_modules/*; do
      size=$(du -sb "$d" | cut -f1)
      if [ $((total + size)) -le $((MB * 1000000)) ]; then
        cp -al "$d" "$subset/node_modules/"
        total=$((total + size))
      fi
    done
  fi
  corpus=$subset
fi
bytes=$(du -sb "$corpus" | cut -f1)
files=$(find "$corpus" -type f | wc -l)
mb=$(awk "BEGIN { printf \"%.1f\", $bytes / 1000000 }")
echo "corpus: $files files, $mb MB ($corpus)"

(cd "$root" && cargo build --release --locked -q -p launchgate-cli)
lg="$root/target/release/launchgate"

# A policy that scans everything the walker sees, with the default size cap.
cat > "$work/bench-policy.yml" <<'YML'
version: 1
extends: launch-ready
YML

measure() { # name, then the command; prints best wall seconds and max RSS (KiB)
  local name=$1; shift
  local best="" rss=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >"$work/$name.out" 2>"$work/$name.err" || true
    # GNU time prefixes "Command exited with non-zero status N" when a scanner exits non-zero.
    read -r wall kib < <(tail -n 1 "$work/time.txt")
    if [ -z "$best" ] || awk "BEGIN { exit !($wall < $best) }"; then best=$wall; fi
    if [ "$kib" -gt "$rss" ]; then rss=$kib; fi
  done
  echo "$best $rss"
}

report() { # name wall rss findings
  local mbps
  mbps=$(awk "BEGIN { w = ($2 > 0.001 ? $2 : 0.001); printf \"%.0f\", $bytes / 1000000 / w }")
  printf '%-12s %8s s %8s MB/s %8s MiB peak %8s findings\n' "$1" "$2" "$mbps" "$(( $3 / 1024 ))" "$4"
}

read -r wall rss < <(measure launchgate "$lg" scan "$corpus" --policy "$work/bench-policy.yml" --format json --no-fail)
findings=$(python3 -c "import json,sys; print(len(json.load(open('$work/launchgate.out'))['findings']))")
report launchgate "$wall" "$rss" "$findings"
python3 - "$work/launchgate.out" <<'PY'
import json, sys, collections
r = json.load(open(sys.argv[1]))
c = collections.Counter(f["id"] for f in r["findings"])
for rule, n in c.most_common():
    print(f"    {n:5d}  {rule}")
skipped = len(r["skipped"])
print(f"    files scanned: {r['engines'][0]['files_scanned']}, skipped over size cap: {skipped}, binary: {r['engines'][0]['binary_files_skipped']}")
PY

if command -v kingfisher >/dev/null 2>&1; then
  read -r wall rss < <(measure kingfisher kingfisher scan "$corpus" --git-history none --no-validate --no-update-check --format json -o "$work/kingfisher.json")
  findings=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['findings']))" "$work/kingfisher.json")
  report kingfisher "$wall" "$rss" "$findings"
else
  echo "kingfisher not installed (pip install kingfisher-bin): peer comparison skipped"
fi
