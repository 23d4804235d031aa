package dev.sandtrace.learn;

import dev.sandtrace.learn.Demand.Right;
import dev.sandtrace.report.FileAccess;
import java.util.ArrayList;
import java.util.List;

/**
 * The Landlock rights each successful access of a run needed (docs/learn.md): reading a file or
 * listing a directory needs read on it, writing needs write on it, creating, deleting and
 * renaming need write on the directory (Landlock checks the parent), executing needs exec on
 * the file and on the interpreters the kernel opens for it. Looking (stat, access, readlink,
 * O_PATH), chdir and attribute changes need no Landlock right; failed accesses (ENOENT probes)
 * need nothing either.
 */
public final class Demands {
    private Demands() {}

    public static List<Demand> of(List<Observations.Access> accesses, HostFiles host) {
        List<Demand> out = new ArrayList<>();
        for (Observations.Access x : accesses) {
            FileAccess a = x.access();
            String prog = x.program();
            // a name reached through a link needs the link in the sandbox's view too
            boolean follows = a.kind() == FileAccess.Kind.READ || a.kind() == FileAccess.Kind.WRITE || a.kind() == FileAccess.Kind.EXEC;
            String link = follows && a.path() != null ? host.link(a.path()) : null;
            if (link != null) out.add(new Demand(link, Right.READ, "followed", link, prog));
            switch (a.kind()) {
                case READ -> {
                    String real = host.real(a.path());
                    out.add(new Demand(real, Right.READ, host.isDirectory(real) ? "listed" : "read", real, prog));
                }
                case WRITE -> {
                    String real = host.real(a.path());
                    out.add(new Demand(real, Right.WRITE, "wrote", real, prog));
                }
                case CREATE -> {
                    String real = host.real(a.path());
                    // "> /dev/null": O_CREAT on a device or fifo that exists opens it, nothing is made
                    if (a.syscall().startsWith("open") && host.isSpecial(real)) out.add(new Demand(real, Right.WRITE, "wrote", real, prog));
                    else inParent(out, host, a.path(), "created", prog);
                }
                case DELETE -> inParent(out, host, a.path(), "deleted", prog);
                case RENAME -> {
                    inParent(out, host, a.path(), "renamed", prog);
                    if (a.target() != null) inParent(out, host, a.target(), "renamed", prog);
                }
                case EXEC -> {
                    String real = host.real(a.path());
                    out.add(new Demand(real, Right.EXEC, "executed", real, prog));
                    for (String interp : host.interpreters(real)) {
                        String r = host.real(interp);
                        out.add(new Demand(r, Right.EXEC, "interpreter", r, prog));
                    }
                }
                default -> { }
            }
        }
        return out;
    }

    /** Landlock asks the directory for the MAKE, REMOVE and REFER rights: the right goes on the parent, named after the child. */
    private static void inParent(List<Demand> out, HostFiles host, String path, String verb, String prog) {
        String parent = PathGeneraliser.parent(path);
        if (parent == null) return;
        String realParent = host.real(parent);
        String name = realParent.equals("/") ? "/" + fileName(path) : realParent + "/" + fileName(path);
        out.add(new Demand(realParent, Right.WRITE, verb, name, prog));
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
