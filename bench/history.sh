#!/usr/bin/env bash
# History scan benchmark: launchgate's scan of all of a repository's git history against the raw
# floor (git itself decompressing every object) and peers when installed. Reports wall time,
# throughput in MB/s of blob data, and peak RSS.
#
#   bench/history.sh [REPO]       # default: a corpus of real npm releases, built on first run
#   RUNS=5 bench/history.sh REPO  # more repetitions (best wall time is reported)
#
# Peers: `pip install kingfisher-bin` (run with --no-validate --no-update-check),
#        `pip install trufflehog3`.
# Every blob is scanned (the size cap is raised to 1 GiB) so MB/s compare like with like.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work="$here/work"
runs=${RUNS:-3}
mkdir -p "$work"
repo=${1:-}
if [ -z "$repo" ]; then
  repo="$work/history-repo"
  "$here/make-history-corpus.sh" "$repo" >/dev/null
fi
repo=$(cd "$repo" && pwd)

read -r blobs bytes < <(git -C "$repo" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' |
  awk '$1 == "blob" { n++; s += $2 } END { print n, s }')
commits=$(git -C "$repo" rev-list --all | wc -l)
pack=$(git -C "$repo" count-objects -vH | awk -F': ' '/size-pack/ { print $2 }')
echo "repo: $repo"
echo "history: $commits commits, $blobs blobs, $(awk "BEGIN { printf \"%.1f\", $bytes / 1e6 }") MB of blob data ($pack packed)"
echo "machine: $(nproc) cores; best of $runs runs"
echo

(cd "$root" && cargo build --release --locked -q -p launchgate-cli)
lg="$root/target/release/launchgate"
cat > "$work/history-policy.yml" <<'YML'
version: 1
extends: launch-ready
scan:
  max-file-size: 1GiB
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

floor_wall=""
report() { # name wall rss findings
  local mbps ratio=""
  mbps=$(awk "BEGIN { w = ($2 > 0.001 ? $2 : 0.001); printf \"%.0f\", $bytes / 1e6 / w }")
  if [ -n "$floor_wall" ]; then ratio=$(awk "BEGIN { printf \"%.2fx floor\", $2 / $floor_wall }"); fi
  printf '%-14s %7s s %6s MB/s %6s MiB peak %8s findings  %s\n' "$1" "$2" "$mbps" "$(( $3 / 1024 ))" "$4" "$ratio"
}

read -r wall rss < <(measure floor sh -c "git -C '$repo' cat-file --batch-all-objects --batch --unordered > /dev/null")
report "git cat-file" "$wall" "$rss" "-"
floor_wall=$wall

read -r wall rss < <(measure launchgate "$lg" scan "$repo" --history --policy "$work/history-policy.yml" --format json --no-fail)
findings=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['findings']))" "$work/launchgate.out")
report launchgate "$wall" "$rss" "$findings"
python3 - "$work/launchgate.out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
e = r["engines"][0]
print(f"    scanned {e['blobs_scanned']} blobs ({e['history_bytes_scanned'] / 1e6:.1f} MB) in {e['commits_scanned']} commits"
      f" + {e['files_scanned']} working-tree files; {e['binary_files_skipped']} binary; {len(r['errors'])} errors; {len(r['skipped'])} skipped")
PY

if command -v kingfisher >/dev/null 2>&1; then
  read -r wall rss < <(measure kingfisher kingfisher scan "$repo" --no-validate --no-update-check --format json -o "$work/kingfisher.json")
  findings=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1])).get('findings', [])))" "$work/kingfisher.json" 2>/dev/null || echo "?")
  report kingfisher "$wall" "$rss" "$findings"
else
  echo "kingfisher not installed (pip install kingfisher-bin): skipped"
fi
if command -v trufflehog3 >/dev/null 2>&1; then
  read -r wall rss < <(RUNS=1 measure trufflehog3 trufflehog3 --no-entropy --format json -o "$work/trufflehog3.json" "$repo")
  findings=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$work/trufflehog3.json" 2>/dev/null || echo "?")
  report trufflehog3 "$wall" "$rss" "$findings"
else
  echo "trufflehog3 not installed (pip install trufflehog3): skipped"
fi
