# Sourced by ./sandtrace and ./run-tests: sets $java and $java_home to a JDK 25 or newer,
# looking at JAVA_HOME, java on PATH and /usr/lib/jvm/* in that order, or exits 125 saying what to install.

# Major version of the JDK whose java binary is $1, read from its release file (no JVM start).
jdk_major() {
    local home
    home=$(dirname "$(dirname "$(readlink -f "$1")")")
    [ -r "$home/release" ] || return 1
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release"
}

find_java() {
    local candidate major
    for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null || true)" /usr/lib/jvm/*/bin/java; do
        [ -n "$candidate" ] && [ -x "$candidate" ] || continue
        major=$(jdk_major "$candidate" || true)
        if [ -n "$major" ] && [ "$major" -ge 25 ]; then
            readlink -f "$candidate"
            return 0
        fi
    done
    return 1
}

if ! java=$(find_java); then
    printf 'sandtrace: no JDK 25 found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm/*): install a JDK 25 (e.g. Temurin 25) or set JAVA_HOME to one.\n' >&2
    exit 125
fi
java_home=$(dirname "$(dirname "$java")")
