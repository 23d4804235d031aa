#!/usr/bin/env bash
# Seccomp-accelerated tracing in steady state: `find` over a 4000-file tree ROUNDS times (about
# 3-4 s untraced), untraced vs `strace -f --seccomp-bpf -e trace=process,network` vs
# `sandtrace run --trace-only -e trace=process,network`, in one hyperfine run. Long enough that
# sandtrace's fixed JVM start-up (~0.3-0.4 s, measured by bench/run.sh) no longer dominates;
# bench/run.sh's workload B is the same loop at a length where it does. Results: docs/benchmarks.md.
#
# Knobs: ROUNDS=200 RUNS=5 WARMUP=1 FILES=4000 WORK=bench/work RESULTS=bench/results
# Needs hyperfine and strace: apt-get install -y hyperfine strace
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
root=$(dirname "$here")
ROUNDS=${ROUNDS:-200} RUNS=${RUNS:-5} WARMUP=${WARMUP:-1} FILES=${FILES:-4000}
WORK=${WORK:-$here/work} RESULTS=${RESULTS:-$here/results}
for tool in hyperfine strace; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench: missing $tool; apt-get install -y hyperfine strace" >&2; exit 1; }
done
tree="$WORK/accel-tree"
if [ ! -d "$tree" ]; then
    for ((i = 0; i < FILES; i++)); do
        d="$tree/d$((i % 40))"
        mkdir -p "$d"
        printf 'file %d of the accelerated-tracing benchmark\n' "$i" >"$d/f$i"
    done
fi
mkdir -p "$RESULTS"
script="$WORK/accelerated.sh"
cat >"$script" <<SH
#!/bin/sh
i=0
while [ \$i -lt $ROUNDS ]; do find '$tree' -type f -size +0; i=\$((i + 1)); done >/dev/null
SH
"$root/sandtrace" run --trace-only /bin/true >/dev/null 2>&1 # build and train the AOT cache first
hyperfine --style basic --warmup "$WARMUP" --runs "$RUNS" --export-json "$RESULTS/accelerated.json" \
    -n "untraced" "/bin/sh $script" \
    -n "strace -f --seccomp-bpf -e trace=process,network" "strace -f -qq --seccomp-bpf -e trace=process,network -o /dev/null /bin/sh $script" \
    -n "sandtrace -e trace=process,network" "$root/sandtrace run --trace-only -e trace=process,network -o /dev/null /bin/sh $script"
