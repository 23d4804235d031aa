#!/usr/bin/env bash
# sandtrace benchmark suite. Compares `sandtrace run --trace-only` with `strace -f` on two
# syscall-heavy workloads (A: every syscall traced; B: `find`, also with only process,network
# traced through seccomp-bpf, against the untraced run) and measures start-up with and without
# the AOT cache. Method and recorded results: docs/benchmarks.md.
#
# Usage: bench/run.sh            (about 5 minutes on 2 noisy cores with the defaults)
#
# Environment:
#   RUNS=10 WARMUP=2                 hyperfine runs / warm-up runs for workload A
#   STARTUP_RUNS=20 STARTUP_WARMUP=2 the same for the start-up benchmark
#   FILES=4000 DIRS=40               size of the workload tree (FILES spread over DIRS)
#   FIND_ROUNDS=50                   workload B: how many times find walks the tree
#   B_RUNS=5 B_WARMUP=1              hyperfine runs / warm-up runs for workload B
#   JVM_VARIANTS=1                   also measure the JVM without the launcher's
#                                    -XX:+UseSerialGC -XX:TieredStopAtLevel=1 (0: skip)
#   SANDTRACE=<repo>/sandtrace       the launcher to measure
#   JAVA=...                         the JDK 25 java for the direct-JVM variants (default: found
#                                    like the launcher finds it)
#   WORK=bench/work RESULTS=bench/results   scratch tree and outputs (both git-ignored)
#
# It installs nothing. Needs hyperfine, strace (>= 5.3 for --seccomp-bpf), GNU time (/usr/bin/time)
# and jq: apt-get install -y hyperfine strace time jq
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
root=$(dirname "$here")

RUNS=${RUNS:-10}
WARMUP=${WARMUP:-2}
STARTUP_RUNS=${STARTUP_RUNS:-20}
STARTUP_WARMUP=${STARTUP_WARMUP:-2}
FILES=${FILES:-4000}
FIND_ROUNDS=${FIND_ROUNDS:-50}
B_RUNS=${B_RUNS:-5}
B_WARMUP=${B_WARMUP:-1}
DIRS=${DIRS:-40}
JVM_VARIANTS=${JVM_VARIANTS:-1}
SANDTRACE=${SANDTRACE:-$root/sandtrace}
WORK=${WORK:-$here/work}
RESULTS=${RESULTS:-$here/results}

say() { printf '\n== %s\n' "$*"; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- prerequisites
missing=()
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
command -v strace >/dev/null 2>&1 || missing+=(strace)
[ -x /usr/bin/time ] || missing+=(time)
command -v jq >/dev/null 2>&1 || missing+=(jq)
if [ ${#missing[@]} -gt 0 ]; then
    die "missing tools; install them with: apt-get install -y ${missing[*]}"
fi
[ -x "$SANDTRACE" ] || die "no sandtrace launcher at $SANDTRACE (set SANDTRACE)"
[ "$FILES" -ge "$DIRS" ] && [ "$DIRS" -ge 1 ] || die "need FILES >= DIRS >= 1"
command -v nproc >/dev/null && [ "$(nproc)" -lt 2 ] && echo "bench: warning: fewer than 2 CPUs, tracing numbers will be odd" >&2

started=$SECONDS
mkdir -p "$WORK" "$RESULTS"

# ---------------------------------------------------------------- build (once, outside the timings)
say "building sandtrace and its AOT cache if needed"
"$SANDTRACE" --version
st_home=$(dirname "$(readlink -f "$SANDTRACE")")
jar="$st_home/target/sandtrace.jar"
aot="$st_home/target/sandtrace.aot"
[ -f "$jar" ] || die "$jar was not built"
[ -f "$aot" ] || echo "bench: warning: no AOT cache at $aot; the launcher runs without it" >&2

# The JDK the launcher would pick (same search order), unless JAVA is set.
jdk_major() {
    local release
    release="$(dirname "$(dirname "$(readlink -f "$1")")")/release"
    [ -r "$release" ] && sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
}
if [ -z "${JAVA:-}" ]; then
    for c in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null || true)" /usr/lib/jvm/*/bin/java; do
        [ -n "$c" ] && [ -x "$c" ] || continue
        m=$(jdk_major "$c" || true)
        if [ -n "$m" ] && [ "$m" -ge 25 ]; then JAVA=$(readlink -f "$c"); break; fi
    done
fi
[ -n "${JAVA:-}" ] || die "no JDK 25 found; set JAVA"

# The launcher's JVM options, read from its `opts=(...)` line so that the direct-JVM commands
# stay identical to what the launcher runs; the AOT options are those it appends when the
# cache exists.
launcher_opts=$(sed -n 's/^opts=(\(.*\))$/\1/p' "$SANDTRACE" | head -1)
if [ -z "$launcher_opts" ]; then
    launcher_opts="--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
    echo "bench: warning: could not read the launcher's opts=(...) line; assuming: $launcher_opts" >&2
fi
aot_opts="-XX:AOTCache=$(printf '%q' "$aot") -Xlog:aot=off -Xlog:cds=off"
q_java=$(printf '%q' "$JAVA")
q_jar=$(printf '%q' "$jar")
# Same as the launcher, minus the two tuning flags: the JVM's own defaults (G1, tiered C1+C2).
default_opts=$(sed -e 's/-XX:+UseSerialGC//; s/-XX:TieredStopAtLevel=[0-9]*//; s/  */ /g; s/ *$//' <<<"$launcher_opts")
serial_tiered_opts="$default_opts -XX:+UseSerialGC"

j_launcher_aot="$q_java $launcher_opts $aot_opts -jar $q_jar"
j_launcher_noaot="$q_java $launcher_opts -jar $q_jar"
j_default_aot="$q_java $default_opts $aot_opts -jar $q_jar"
j_serial_tiered_aot="$q_java $serial_tiered_opts $aot_opts -jar $q_jar"
st=$(printf '%q' "$SANDTRACE")

# ---------------------------------------------------------------- workload tree (deterministic)
tree="$WORK/tree"
stamp="files=$FILES dirs=$DIRS v1"
if [ "$(cat "$tree.complete" 2>/dev/null || true)" != "$stamp" ]; then
    say "creating the workload tree: $FILES files in $DIRS directories"
    rm -rf "$tree" "$tree.complete"
    mkdir -p "$tree"
    per=$(( (FILES + DIRS - 1) / DIRS ))
    n=0
    for ((d = 0; d < DIRS && n < FILES; d++)); do
        dir=$(printf '%s/d%03d' "$tree" "$d")
        mkdir "$dir"
        for ((f = 0; f < per && n < FILES; f++, n++)); do
            printf 'file %d of directory %d\nsome small content, line two\n' "$f" "$d" >"$dir/f$(printf '%04d' "$f").txt"
        done
    done
    echo "$stamp" >"$tree.complete" # outside the tree: find must see exactly FILES files
fi

# Workload A: one shell, a find, an xargs and a cat per 1000 files; every file is opened,
# fstat'ed, read and closed. Tens of thousands of syscalls in a handful of processes.
workload="$WORK/workload-a.sh"
cat >"$workload" <<EOF
#!/bin/sh
find $(printf '%q' "$tree") -type f -print0 | xargs -0 -n 1000 cat >/dev/null
EOF
wl="/bin/sh $(printf '%q' "$workload")"
q_work=$(printf '%q' "$WORK")

say "counting the workload's syscalls (strace -f -c)"
strace -f -c -o "$WORK/strace-count.txt" /bin/sh "$workload"
syscalls=$(awk '$NF == "total" {print $(NF-2)}' "$WORK/strace-count.txt")
procs=$(strace -f -e trace=none -e signal=none -o "$WORK/strace-procs.txt" /bin/sh "$workload" && grep -c '+++ exited' "$WORK/strace-procs.txt" || true)
echo "workload A: $syscalls syscalls in $procs processes"

# ---------------------------------------------------------------- workload A
say "workload A: hyperfine --warmup $WARMUP --runs $RUNS"
cmds=(
    -n "untraced" "$wl"
    -n "strace -f -o FILE" "strace -f -o $q_work/strace.out $wl"
    -n "sandtrace -o FILE" "$st run --trace-only -o $q_work/st.jsonl $wl"
    -n "sandtrace (terminal)" "$st run --trace-only $wl"
)
if [ "$JVM_VARIANTS" = 1 ]; then
    cmds+=(
        -n "sandtrace -o FILE, JVM defaults (G1, C2)" "$j_default_aot run --trace-only -o $q_work/st.jsonl $wl"
        -n "sandtrace -o FILE, SerialGC + C2" "$j_serial_tiered_aot run --trace-only -o $q_work/st.jsonl $wl"
    )
fi
hyperfine --style basic --warmup "$WARMUP" --runs "$RUNS" --export-json "$RESULTS/workload-a.json" "${cmds[@]}"

# ---------------------------------------------------------------- workload B
# find walks the tree FIND_ROUNDS times and stats every file (-size): a quarter million syscalls,
# almost none of them process or network calls, so seccomp-bpf tracing should cost next to nothing
# but sandtrace's start-up. Long enough (about 1.5 s untraced) that the JVM start is a small part.
workload_b="$WORK/workload-b.sh"
cat >"$workload_b" <<EOF
#!/bin/sh
i=0
while [ \$i -lt $FIND_ROUNDS ]; do find $(printf '%q' "$tree") -type f -size +0; i=\$((i + 1)); done >/dev/null
EOF
wlb="/bin/sh $(printf '%q' "$workload_b")"
say "counting workload B's syscalls (strace -f -c)"
strace -f -c -o "$WORK/strace-count-b.txt" /bin/sh "$workload_b"
syscalls_b=$(awk '$NF == "total" {print $(NF-2)}' "$WORK/strace-count-b.txt")
echo "workload B: $syscalls_b syscalls"

say "workload B: hyperfine --warmup $B_WARMUP --runs $B_RUNS"
hyperfine --style basic --warmup "$B_WARMUP" --runs "$B_RUNS" --export-json "$RESULTS/workload-b.json" \
    -n "untraced" "$wlb" \
    -n "strace -f" "strace -f -qq -o /dev/null $wlb" \
    -n "strace -f --seccomp-bpf -e trace=process,network" "strace -f -qq --seccomp-bpf -e trace=process,network -o /dev/null $wlb" \
    -n "sandtrace -e trace=process,network" "$st run --trace-only -e trace=process,network -o /dev/null $wlb" \
    -n "sandtrace (terminal)" "$st run --trace-only $wlb" \
    -n "sandtrace (every syscall)" "$st run --trace-only -o /dev/null $wlb"

# ---------------------------------------------------------------- start-up
say "start-up: hyperfine --warmup $STARTUP_WARMUP --runs $STARTUP_RUNS"
cmds=(
    -n "strace -f /bin/true" "strace -f /bin/true"
    -n "sandtrace (launcher, AOT cache)" "$st run --trace-only /bin/true"
    -n "java, launcher flags, AOT cache" "$j_launcher_aot run --trace-only /bin/true"
    -n "java, launcher flags, no AOT cache" "$j_launcher_noaot run --trace-only /bin/true"
)
if [ "$JVM_VARIANTS" = 1 ]; then
    cmds+=(
        -n "java, JVM defaults (G1, C2), AOT cache" "$j_default_aot run --trace-only /bin/true"
        -n "java, SerialGC + C2, AOT cache" "$j_serial_tiered_aot run --trace-only /bin/true"
    )
fi
hyperfine --style basic -N --warmup "$STARTUP_WARMUP" --runs "$STARTUP_RUNS" --export-json "$RESULTS/startup.json" "${cmds[@]}"

# ---------------------------------------------------------------- memory
say "max RSS: /usr/bin/time -v, one run each"
rm -f "$RESULTS"/time-v-*.txt
rss_names=() rss_kb=()
measure_rss() { # name command...
    local name=$1 file
    shift
    file="$RESULTS/time-v-$(tr -c 'a-zA-Z0-9\n' '-' <<<"$name" | tr -s '-' | sed 's/-$//').txt"
    /usr/bin/time -v -o "$file" "$@" >/dev/null 2>&1
    rss_names+=("$name")
    rss_kb+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$file")")
}
measure_rss "strace -f -o FILE" strace -f -o "$WORK/strace.out" /bin/sh "$workload"
measure_rss "sandtrace -o FILE" "$SANDTRACE" run --trace-only -o "$WORK/st.jsonl" /bin/sh "$workload"
measure_rss "sandtrace (terminal)" "$SANDTRACE" run --trace-only /bin/sh "$workload"
if [ "$JVM_VARIANTS" = 1 ]; then
    # word splitting of the option strings is intended here
    # shellcheck disable=SC2086
    measure_rss "sandtrace -o FILE, JVM defaults (G1, C2)" "$JAVA" $default_opts -XX:AOTCache="$aot" -Xlog:aot=off -Xlog:cds=off -jar "$jar" run --trace-only -o "$WORK/st.jsonl" /bin/sh "$workload"
    # shellcheck disable=SC2086
    measure_rss "sandtrace -o FILE, SerialGC + C2" "$JAVA" $serial_tiered_opts -XX:AOTCache="$aot" -Xlog:aot=off -Xlog:cds=off -jar "$jar" run --trace-only -o "$WORK/st.jsonl" /bin/sh "$workload"
fi
out_sizes="strace.out $(du -k "$WORK/strace.out" | cut -f1) KiB, st.jsonl $(du -k "$WORK/st.jsonl" | cut -f1) KiB"

# ---------------------------------------------------------------- summary
rss_of() {
    local i
    for i in "${!rss_names[@]}"; do
        [ "${rss_names[$i]}" = "$1" ] && { awk -v k="${rss_kb[$i]}" 'BEGIN {printf "%.0f", k / 1024}'; return; }
    done
    printf -- '-'
}
median_of() { jq -r --arg n "$2" '.results[] | select(.command == $n) | .median' "$1"; }

summary="$RESULTS/summary.md"
{
    echo "Machine: $(date -u +%Y-%m-%d), $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), Linux $(uname -r),"
    echo "$("$JAVA" -version 2>&1 | sed -n 2p), $(strace -V | head -1), $(hyperfine --version)."
    echo
    echo "Workload A: \`find TREE -type f -print0 | xargs -0 -n 1000 cat\` over $FILES files in $DIRS directories,"
    echo "$syscalls syscalls in $procs processes; hyperfine --warmup $WARMUP --runs $RUNS. Trace sizes: $out_sizes."
    echo
    echo "| Workload A | median (s) | mean ± σ (s) | min (s) | vs strace (median) | max RSS (MiB) |"
    echo "|---|---:|---:|---:|---:|---:|"
    strace_med=$(median_of "$RESULTS/workload-a.json" "strace -f -o FILE")
    jq -r '.results[] | [.command, .median, .mean, .stddev, .min] | @tsv' "$RESULTS/workload-a.json" |
        while IFS=$'\t' read -r name med mean sd min; do
            printf '| %s | %.3f | %.3f ± %.3f | %.3f | %s | %s |\n' "$name" "$med" "$mean" "$sd" "$min" \
                "$(awk -v a="$med" -v b="$strace_med" 'BEGIN {printf "%.2f×", a / b}')" "$(rss_of "$name")"
        done
    echo
    echo "Workload B: \`find TREE -type f -size +0\` $FIND_ROUNDS times over $FILES files, $syscalls_b syscalls;"
    echo "hyperfine --warmup $B_WARMUP --runs $B_RUNS."
    echo
    echo "| Workload B | median (s) | mean ± σ (s) | min (s) | vs untraced | vs strace -f |"
    echo "|---|---:|---:|---:|---:|---:|"
    b_untraced=$(median_of "$RESULTS/workload-b.json" "untraced")
    b_strace=$(median_of "$RESULTS/workload-b.json" "strace -f")
    jq -r '.results[] | [.command, .median, .mean, .stddev, .min] | @tsv' "$RESULTS/workload-b.json" |
        while IFS=$'\t' read -r name med mean sd min; do
            awk -v n="$name" -v m="$med" -v a="$mean" -v s="$sd" -v lo="$min" -v u="$b_untraced" -v b="$b_strace" \
                'BEGIN {printf "| %s | %.3f | %.3f ± %.3f | %.3f | %.2f× | %.2f× |\n", n, m, a, s, lo, m/u, m/b}'
        done
    echo
    echo "Start-up: \`… run --trace-only /bin/true\`; hyperfine -N --warmup $STARTUP_WARMUP --runs $STARTUP_RUNS."
    echo
    echo "| Start-up | median (ms) | mean ± σ (ms) | min (ms) | vs strace (median) |"
    echo "|---|---:|---:|---:|---:|"
    strace_true=$(median_of "$RESULTS/startup.json" "strace -f /bin/true")
    jq -r '.results[] | [.command, .median, .mean, .stddev, .min] | @tsv' "$RESULTS/startup.json" |
        while IFS=$'\t' read -r name med mean sd min; do
            awk -v n="$name" -v m="$med" -v a="$mean" -v s="$sd" -v lo="$min" -v b="$strace_true" \
                'BEGIN {printf "| %s | %.0f | %.0f ± %.0f | %.0f | %.1f× |\n", n, m*1000, a*1000, s*1000, lo*1000, m/b}'
        done
    echo
    st_med=$(median_of "$RESULTS/workload-a.json" "sandtrace -o FILE")
    startup_med=$(median_of "$RESULTS/startup.json" "sandtrace (launcher, AOT cache)")
    awk -v a="$st_med" -v b="$strace_med" 'BEGIN {
        r = a / b
        printf "Goal 1, full tracing no slower than strace -f (ratio <= 1.00): ratio %.2f (%.3f s / %.3f s): %s\n", r, a, b, (r <= 1.0 ? "MET" : "NOT MET") }'
    echo
    b_fast=$(median_of "$RESULTS/workload-b.json" "sandtrace -e trace=process,network")
    b_full=$(median_of "$RESULTS/workload-b.json" "sandtrace (every syscall)")
    awk -v a="$b_fast" -v b="$b_untraced" 'BEGIN {
        r = a / b
        printf "Goal 3, -e trace=process,network (seccomp-bpf) at most 1.2x untraced on workload B: ratio %.2f (%.3f s / %.3f s): %s\n", r, a, b, (r <= 1.2 ? "MET" : "NOT MET") }'
    awk -v a="$b_full" -v b="$b_strace" 'BEGIN {
        r = a / b
        printf "Goal 1 on workload B, every syscall no slower than strace -f: ratio %.2f (%.3f s / %.3f s): %s\n", r, a, b, (r <= 1.0 ? "MET" : "NOT MET") }'
    echo
    awk -v m="$startup_med" 'BEGIN {
        printf "Goal 2, start-up <= 250 ms median: %.0f ms: %s\n", m * 1000, (m <= 0.250 ? "MET" : "NOT MET") }'
} >"$summary"

say "summary (also in $summary)"
cat "$summary"
echo
echo "raw hyperfine results: $RESULTS/workload-a.json, $RESULTS/workload-b.json, $RESULTS/startup.json; took $((SECONDS - started)) s"
