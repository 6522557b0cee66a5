#!/usr/bin/env bash
# More differential drivers, in the style of ../shared/corpus (whose runner and _util.cjs they use,
# copied in at run time, not kept here). Usage, from anywhere:
#   bash scripts/corpus-extra/run.sh SET [run.mjs arguments...]
# SET is web, compilers, libraries, servers, data, frameworks, functional, text, processes, tooling, frontier, ecosystem or interplay; with no run.mjs arguments it checks the baseline (--check).
# Example: bash scripts/corpus-extra/run.sh web --with "$PWD/node_modules/.bin/breadcrumb run -c corpus --include '**' -- {node} {driver}"
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
set_name="${1:?usage: run.sh web|compilers|libraries|servers|data|frameworks|functional|text|processes|tooling|frontier|ecosystem|interplay [run.mjs arguments...]}"
shift
dir="$here/$set_name"
[ -d "$dir/drivers" ] || { echo "run.sh: no set '$set_name' (web, compilers, libraries, servers, data, frameworks, functional, text, processes, tooling, frontier, ecosystem, interplay)" >&2; exit 2; }
shared="$(cd "$here/../../.." && pwd)/shared/corpus"
[ -f "$shared/run.mjs" ] || { echo "run.sh: ../shared/corpus (beside the project) is needed for its run.mjs and drivers/_util.cjs" >&2; exit 2; }
cp "$shared/run.mjs" "$dir/run.mjs"
cp "$shared/drivers/_util.cjs" "$dir/drivers/_util.cjs"
if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
  (cd "$dir" && npm ci --no-audit --no-fund >/dev/null)
fi
cd "$dir"
if [ $# -eq 0 ]; then exec node run.mjs --check; fi
exec node run.mjs "$@"
