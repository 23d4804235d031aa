package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;

/** What the tracer knows about one traced thread (tid) between stops. */
final class Tracee {
    /** Changes when a non-leader thread execs and takes over the leader's tid. */
    int tid;
    /** Thread group id: the pid user space sees. */
    int pid;
    boolean inSyscall;
    int nr;
    int arch;
    final long[] raw = new long[6];
    Arg[] args;
    Signatures.Signature signature;
    long entryNs;
    /** seq of the process's spawn, for parent links; the parent's pid. */
    int parentPid;
    /** Set once the first PTRACE_SYSCALL resumed it: syscall-exit stops before an entry are skipped. */
    boolean started;
    /** Its first stop came before its parent's fork event: kept at that stop until the event is read. */
    boolean unannounced;
    /** Why the current syscall's arguments stayed raw, or null. */
    String decodeError;
    /** For an unannounced tracee: the process whose fork event will announce it. */
    int creator;
    /** The program this process runs (path as exec'd); inherited from the parent until it execs. */
    String execPath;
    /** Path and argv of the execve in progress, committed at its PTRACE_EVENT_EXEC. */
    String pendingExecPath;
    java.util.List<String> pendingExecArgv;

    Tracee(int tid, int pid, int parentPid) {
        this.tid = tid;
        this.pid = pid;
        this.parentPid = parentPid;
    }
}
