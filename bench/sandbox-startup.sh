#!/usr/bin/env bash
# Start-up of the default sandbox: `sandtrace run -- /bin/true` (every layer, the allow-list
# view included) against the same command of an older commit (BASE, default: the last commit
# before the view, whose sandbox showed the host tree with masks), `--trace-only` (no layers),
# and bubblewrap building a comparable view. All in one hyperfine run, so they share the
# machine's noise. Method and recorded results: docs/benchmarks.md ("Sandbox start-up").
#
# Usage: bench/sandbox-startup.sh   (about 2 minutes, plus one build of BASE the first time)
#
# Environment:
#   RUNS=30 WARMUP=3        hyperfine runs / warm-up runs
#   BASE=3590d34            the commit to compare with; built once in bench/work/base-<BASE>
#   AS=                     a uid to run everything as (e.g. 65534, through setpriv); default: the caller
#   WORK=bench/work RESULTS=bench/results
#
# Needs hyperfine, bwrap, git, and what ./sandtrace needs to build: apt-get install -y hyperfine bubblewrap
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
root=$(dirname "$here")
RUNS=${RUNS:-30}
WARMUP=${WARMUP:-3}
BASE=${BASE:-3590d34}
AS=${AS:-}
WORK=${WORK:-$here/work}
RESULTS=${RESULTS:-$here/results}

die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
command -v hyperfine >/dev/null 2>&1 || die "hyperfine is missing: apt-get install -y hyperfine"
command -v bwrap >/dev/null 2>&1 || die "bwrap is missing: apt-get install -y bubblewrap"
mkdir -p "$WORK" "$RESULTS"

base="$WORK/base-$BASE"
if [ ! -x "$base/sandtrace" ]; then
    git -C "$root" worktree add --detach "$base" "$BASE" >/dev/null
fi
"$root/sandtrace" --version >/dev/null   # builds (and trains the AOT cache) outside the timings
"$base/sandtrace" --version >/dev/null

as=()
if [ -n "$AS" ]; then
    as=(setpriv --reuid="$AS" --regid="$AS" --clear-groups env HOME=/nonexistent)
    # the launchers and their jars must be readable by that uid
    chmod -R a+rX "$root/target" "$base/target" 2>/dev/null || true
fi
pre="${as[*]:+${as[*]} }"

# bwrap with a view like sandtrace's default: system trees read-only, private /dev, /proc and
# /tmp, every namespace, no network, a new session
bwrap_cmd="bwrap --unshare-all --die-with-parent --new-session --ro-bind /usr /usr --ro-bind /etc /etc \
--symlink usr/bin /bin --symlink usr/lib /lib --symlink usr/lib64 /lib64 --symlink usr/sbin /sbin \
--dev /dev --proc /proc --tmpfs /tmp --dir /var/tmp /bin/true"

cd /
hyperfine --style basic -N --warmup "$WARMUP" --runs "$RUNS" --export-json "$RESULTS/sandbox-startup.json" \
    -n "sandtrace run (now)" "${pre}$root/sandtrace run -- /bin/true" \
    -n "sandtrace run ($BASE)" "${pre}$base/sandtrace run -- /bin/true" \
    -n "sandtrace run --trace-only (now)" "${pre}$root/sandtrace run --trace-only -- /bin/true" \
    -n "bwrap" "${pre}$bwrap_cmd"

command -v jq >/dev/null 2>&1 && jq -r '.results[] | "\(.command): median \(.median * 1000 | floor) ms, mean \(.mean * 1000 | floor) ± \(.stddev * 1000 | floor) ms"' \
    "$RESULTS/sandbox-startup.json"
