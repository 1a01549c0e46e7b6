#!/bin/sh
# Install size and import time of psweep as a user gets it (the README's
# install table): packs this repository (build it first), installs the
# tarball into a fresh `npm init -y` project, prints the package count, the
# size of node_modules, and the fastest of seven `await import("psweep")`
# times on Node, Bun and Deno.
#   sh scripts/measure-install.sh [tarball]
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
tarball=${1:-}
if [ -z "$tarball" ]; then
  (cd "$repo" && npm pack --silent --pack-destination "$work" >/dev/null)
  tarball=$(ls "$work"/*.tgz)
fi
mkdir "$work/project" && cd "$work/project"
npm init -y >/dev/null && npm pkg set type=module
npm i --no-audit --no-fund --prefer-offline "$tarball" 2>&1
echo "packages: $(npm ls --all --parseable | tail -n +2 | wc -l)"
echo "node_modules: $(du -sh node_modules | cut -f1)"
echo 'const t = performance.now(); await import("psweep"); console.log(Math.round(performance.now() - t));' > import.mjs
fastest() { for i in 1 2 3 4 5 6 7; do "$@" import.mjs; done | sort -n | head -1; }
echo "import ms: node $(fastest node)  bun $(fastest "$repo/node_modules/.bin/bun")  deno $(fastest "$repo/node_modules/.bin/deno" run -A)"
rm -rf "$work"
