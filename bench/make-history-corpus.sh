#!/usr/bin/env bash
# Builds a git repository with a long, real history for the history benchmark: successive
# published releases of large npm packages (TypeScript, three.js, …), one commit per release,
# the way a vendored dependency is upgraded. Hundreds of MB of real source and minified code,
# delta-compressed in packs like any real repository's history.
#
#   bench/make-history-corpus.sh [DIR]     # default: bench/work/history-repo
#
# Only the npm registry is needed (npm pack downloads tarballs without running anything).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=${1:-"$here/work/history-repo"}
tarballs="$here/work/tarballs"
mkdir -p "$tarballs"

# package@version, oldest first per package.
releases=(
  typescript@4.9.5 typescript@5.0.4 typescript@5.1.6 typescript@5.2.2 typescript@5.3.3
  typescript@5.4.5 typescript@5.5.4 typescript@5.6.3 typescript@5.7.3
  three@0.150.1 three@0.155.0 three@0.160.1 three@0.165.0 three@0.170.0
  rxjs@7.5.7 rxjs@7.8.1
)

if [ -d "$repo/.git" ]; then
  echo "corpus exists: $repo" >&2
  exit 0
fi
rm -rf "$repo"
git init -q -b main "$repo"
for r in "${releases[@]}"; do
  name=${r%@*}
  file=$(cd "$tarballs" && ls "${name}-${r#*@}.tgz" 2>/dev/null || (npm pack "$r" --silent 2>/dev/null | tail -1))
  rm -rf "$repo/vendor/$name"
  mkdir -p "$repo/vendor/$name"
  tar -xzf "$tarballs/$file" -C "$repo/vendor/$name" --strip-components=1
  git -C "$repo" add -A
  git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -q -m "vendor $r"
  echo "committed $r" >&2
done
git -C "$repo" gc -q --aggressive --prune=now 2>/dev/null || git -C "$repo" gc -q
echo "$repo"
