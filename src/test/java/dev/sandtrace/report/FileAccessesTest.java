package dev.sandtrace.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandtrace.report.FileAccess.Kind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileAccessesTest {

    private static List<FileAccess> accesses(String jsonl) throws Exception {
        var out = new ArrayList<FileAccess>();
        var fa = new FileAccesses();
        try (var r = new TraceReader("test", new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)))) {
            for (TraceEvent e; (e = r.next()) != null; ) out.addAll(fa.accept(e));
        }
        return out;
    }

    private static String sys(long seq, int pid, String name, String decoded) {
        return "{\"event_type\":\"syscall\",\"seq\":" + seq + ",\"time_ns\":1,\"pid\":" + pid + ",\"tid\":" + pid
                + ",\"syscall\":\"" + name + "\",\"arch\":\"x86_64\",\"args\":{\"raw\":[0,0,0,0,0,0],\"decoded\":"
                + decoded + "},\"return_value\":0,\"success\":true,\"errno\":null}\n";
    }

    @Test
    void followsWorkingDirectoriesThroughChdirAndFork() throws Exception {
        String t = "{\"event_type\":\"header\",\"seq\":0,\"time_ns\":0,\"cwd\":\"/home/u\"}\n"
                + sys(1, 10, "openat", "{\"dirfd\":\"AT_FDCWD\",\"pathname\":\"a/../b.txt\",\"flags\":\"O_RDONLY\"}")
                + sys(2, 10, "chdir", "{\"path\":\"/etc\"}")
                + "{\"event_type\":\"process\",\"seq\":3,\"time_ns\":2,\"kind\":\"spawned\",\"pid\":10,\"tid\":10,\"parent_pid\":10,\"child_pid\":11,\"via\":\"fork\"}\n"
                + sys(4, 11, "openat", "{\"dirfd\":\"AT_FDCWD\",\"pathname\":\"passwd\",\"flags\":\"O_WRONLY|O_CREAT|O_TRUNC\",\"mode\":\"0644\"}")
                + sys(5, 11, "renameat2", "{\"olddirfd\":{\"fd\":3,\"path\":\"/tmp\"},\"oldpath\":\"x\",\"newdirfd\":7,\"newpath\":\"y\",\"flags\":\"0\"}")
                + sys(6, 11, "unlink", "{\"pathname\":\"/tmp/./z\"}")
                + sys(7, 11, "execve", "{\"pathname\":\"./run.sh\",\"argv\":[\"run.sh\"]}");
        var a = accesses(t);
        assertThat(a).extracting(FileAccess::kind, FileAccess::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.READ, "/home/u/b.txt"),
                org.assertj.core.groups.Tuple.tuple(Kind.CHDIR, "/etc"),
                org.assertj.core.groups.Tuple.tuple(Kind.CREATE, "/etc/passwd"),
                org.assertj.core.groups.Tuple.tuple(Kind.RENAME, "/tmp/x"),
                org.assertj.core.groups.Tuple.tuple(Kind.DELETE, "/tmp/z"),
                org.assertj.core.groups.Tuple.tuple(Kind.EXEC, "/etc/run.sh"));
        assertThat(a.get(3).target()).isEqualTo("y");
        assertThat(a.get(3).resolved()).isFalse();
    }

    @Test
    void anOPathOpenOnlyLooksAtTheFile() throws Exception {
        var a = accesses(sys(1, 10, "openat", "{\"dirfd\":\"AT_FDCWD\",\"pathname\":\"/etc\",\"flags\":\"O_RDONLY|O_PATH|O_CLOEXEC\"}"));
        assertThat(a).extracting(FileAccess::kind).containsExactly(Kind.STAT);
    }
}
