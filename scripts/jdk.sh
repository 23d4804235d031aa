# Sourced by ./sandtrace and ./run-tests: sets $java and $java_home to a JDK 25 or newer,
# looking at JAVA_HOME, java on PATH and /usr/lib/jvm/* in that order, or exits 125 saying
# what to install. Pure bash, results in globals: every fork here is start-up time.

# Sets java_home if the JDK of the java binary $1 is version 25 or newer.
try_jdk() {
    local bin=$1 home line major=
    [ -x "$bin" ] || return 1
    [ -L "$bin" ] && bin=$(readlink -f "$bin")
    home=${bin%/bin/java}
    [ -r "$home/release" ] || return 1
    while IFS= read -r line; do
        if [[ $line == JAVA_VERSION=* ]]; then
            line=${line#JAVA_VERSION=\"}
            major=${line%%[!0-9]*}
            break
        fi
    done <"$home/release"
    [ -n "$major" ] && [ "$major" -ge 25 ] || return 1
    java_home=$home
}

java_home=
if ! { [ -n "${JAVA_HOME:-}" ] && try_jdk "$JAVA_HOME/bin/java"; }; then
    path_java=$(type -P java || true)
    if ! { [ -n "$path_java" ] && try_jdk "$path_java"; }; then
        for candidate in /usr/lib/jvm/*/bin/java; do
            try_jdk "$candidate" && break
        done
    fi
fi
if [ -z "$java_home" ]; then
    printf 'sandtrace: no JDK 25 found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm/*): install a JDK 25 (e.g. Temurin 25) or set JAVA_HOME to one.\n' >&2
    exit 125
fi
java="$java_home/bin/java"
