# Sourced by the launcher before it opens anything: sets caller_fds to the descriptors above 2
# that this shell was given and that exec passes on (no close-on-exec), comma-separated. With
# --trace-only sandtrace keeps exactly these for the traced program, as strace does (make's
# jobserver, <(...), socket activation need them), and closes the JVM's own.
sandtrace_caller_fds() {
    local f n k v flags
    caller_fds=
    for f in /proc/$$/fd/*; do
        n=${f##*/}
        [ "$n" -gt 2 ] 2>/dev/null || continue
        flags=
        # a descriptor that was only the directory listing itself is gone by now: no fdinfo, skipped
        { while read -r k v; do [ "$k" = flags: ] && flags=$v; done < "/proc/$$/fdinfo/$n"; } 2>/dev/null || true
        [ -n "$flags" ] || continue
        if (( (8#$flags & 02000000) == 0 )); then caller_fds+="${caller_fds:+,}$n"; fi
    done
    return 0
}
