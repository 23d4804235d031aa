#!/usr/bin/env bash
# Seccomp-accelerated tracing in steady state, two workloads over a 4000-file tree, each untraced vs
# `strace -f --seccomp-bpf -e trace=process,network` vs `sandtrace run --trace-only -e
# trace=process,network`, all in one hyperfine run:
#   loop: a shell runs `find` ROUNDS times (a process spawned every ~17 ms: fork/exec/wait stops);
#   one:  a single `find` given the tree ROUNDS times as start points (the same syscalls, one process).
# Both take about 3-4 s untraced. Long enough that
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
one="$WORK/accelerated-one.sh"
{ printf 'find'; for ((i = 0; i < ROUNDS; i++)); do printf " '%s'" "$tree"; done; printf ' -type f -size +0 >/dev/null\n'; } >"$one"
"$root/sandtrace" run --trace-only /bin/true >/dev/null 2>&1 # build and train the AOT cache first
hyperfine --style basic --warmup "$WARMUP" --runs "$RUNS" --export-json "$RESULTS/accelerated.json" \
    -n "loop: untraced" "/bin/sh $script" \
    -n "loop: strace -f --seccomp-bpf -e trace=process,network" "strace -f -qq --seccomp-bpf -e trace=process,network -o /dev/null /bin/sh $script" \
    -n "loop: sandtrace -e trace=process,network" "$root/sandtrace run --trace-only -e trace=process,network -o /dev/null /bin/sh $script" \
    -n "one: untraced" "/bin/sh $one" \
    -n "one: strace -f --seccomp-bpf -e trace=process,network" "strace -f -qq --seccomp-bpf -e trace=process,network -o /dev/null /bin/sh $one" \
    -n "one: sandtrace -e trace=process,network" "$root/sandtrace run --trace-only -e trace=process,network -o /dev/null /bin/sh $one"
