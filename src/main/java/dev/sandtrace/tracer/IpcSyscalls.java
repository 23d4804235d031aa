package dev.sandtrace.tracer;

import dev.sandtrace.event.Category;

/** Polling, futexes, eventfd and other inter-process communication. */
final class IpcSyscalls {
    private IpcSyscalls() {}

    /** Argument and return decoders this area defines (registered before any signature). */
    static void decoders(Signatures.Registry r) {}

    static void signatures(Signatures.Registry r) {
        Category I = Category.IPC;
        r.sig("poll", I, "fds:PTR", "nfds:ULONG", "timeout:INT");
        r.sig("ppoll", I, "fds:PTR", "nfds:ULONG", "tmo_p:PTR", "sigmask:PTR", "sigsetsize:ULONG");
        r.sig("select", I, "nfds:INT", "readfds:PTR", "writefds:PTR", "exceptfds:PTR", "timeout:PTR");
        r.sig("pselect6", I, "nfds:INT", "readfds:PTR", "writefds:PTR", "exceptfds:PTR", "timeout:PTR", "sigmask:PTR");
        r.sig("epoll_create1", I, "flags:FD_FLAGS");
        r.sig("epoll_ctl", I, "epfd:FD", "op:ENUM:epoll_ctl", "fd:FD", "event:PTR");
        r.sig("epoll_wait", I, "epfd:FD", "events:PTR", "maxevents:INT", "timeout:INT");
        r.sig("epoll_pwait", I, "epfd:FD", "events:PTR", "maxevents:INT", "timeout:INT", "sigmask:PTR", "sigsetsize:ULONG");
        r.sig("eventfd2", I, "initval:INT", "flags:FD_FLAGS");
        r.sig("futex", I, "uaddr:PTR", "futex_op:ENUM:futex", "val:INT", "timeout:PTR", "uaddr2:PTR", "val3:INT");
    }
}
