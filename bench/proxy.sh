#!/usr/bin/env bash
# The egress proxy's cost (allow_hosts / --allow-host), against the host network (--allow-net):
#  1. throughput: curl downloads a SIZE_MB file from a local HTTP server on 127.0.0.2, in the
#     sandbox, once with --allow-net and once through the proxy, in one hyperfine run;
#  2. latency: one sandboxed run makes REQUESTS small requests and curl reports each one's time
#     to the first byte (which includes the proxy's accept, request parsing, resolve and connect).
# Both variants are traced alike (the default terminal level), so the difference is the proxy's.
# Method and recorded results: docs/benchmarks.md ("Egress proxy").
#
# Usage: bench/proxy.sh   (about a minute)
# Environment: SIZE_MB=200 RUNS=10 WARMUP=2 REQUESTS=200 WORK=bench/work RESULTS=bench/results
# Needs hyperfine, curl, python3: apt-get install -y hyperfine curl python3
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
root=$(dirname "$here")
SIZE_MB=${SIZE_MB:-200}
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-2}
REQUESTS=${REQUESTS:-200}
WORK=${WORK:-$here/work}
RESULTS=${RESULTS:-$here/results}
st="$root/sandtrace"

for tool in hyperfine curl python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing: apt-get install -y $tool" >&2; exit 1; }
done
mkdir -p "$WORK/www" "$RESULTS"
[ -f "$WORK/www/big" ] && [ "$(stat -c %s "$WORK/www/big")" -eq $((SIZE_MB << 20)) ] \
    || head -c $((SIZE_MB << 20)) /dev/urandom > "$WORK/www/big"
echo small > "$WORK/www/small"
"$st" --version >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.2", 0)); print(s.getsockname()[1])')
(cd "$WORK/www" && exec python3 -m http.server "$port" --bind 127.0.0.2 >/dev/null 2>&1) &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.2:$port/small" && break; sleep 0.1; done

big="http://127.0.0.2:$port/big"
cd /
hyperfine --style basic --warmup "$WARMUP" --runs "$RUNS" --export-json "$RESULTS/proxy-throughput.json" \
    -n "curl untraced" "curl -sS -o /dev/null $big" \
    -n "sandbox --allow-net" "$st run --allow-net -- curl -sS -o /dev/null $big" \
    -n "sandbox --allow-host (proxy)" "$st run --allow-host 127.0.0.2 -- curl -sS -o /dev/null $big"

latency() { # $@: the sandtrace run options; prints the median time to first byte in ms
    "$st" run "$@" -- /bin/sh -c "for i in \$(seq $REQUESTS); do curl -sS -o /dev/null -w '%{time_starttransfer}\n' http://127.0.0.2:$port/small; done" \
        2>/dev/null | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)] * 1000}'
}
direct=$(latency --allow-net)
proxied=$(latency --allow-host 127.0.0.2)
{
    echo "time to first byte, median of $REQUESTS requests: --allow-net $direct ms, through the proxy $proxied ms"
    jq -r --argjson mb "$SIZE_MB" '.results[] | "\(.command): median \(.median * 1000 | floor) ms, \($mb / .median | floor) MB/s"' \
        "$RESULTS/proxy-throughput.json" 2>/dev/null || true
} | tee "$RESULTS/proxy-summary.txt"
