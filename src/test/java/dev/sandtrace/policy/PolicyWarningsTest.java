package dev.sandtrace.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyWarningsTest {
    @TempDir
    Path dir;

    private static Policy policy(List<Path> exec, List<Path> write, List<Path> deny, List<Path> readOnly) {
        return new Policy(new Policy.Filesystem(exec, write, exec, deny, readOnly), new Policy.Network(false),
                new Policy.Syscalls(List.of(), Policy.Action.ERRNO), DefaultPolicy.LIMITS);
    }

    private static final List<Path> USR = List.of(Path.of("/usr"));

    @Test
    void aPolicyThatCanExecuteNothingIsWarnedAbout() {
        assertThat(PolicyWarnings.of(policy(List.of(), List.of(), List.of(), List.of()), dir.resolve("home")))
                .containsExactly("this policy can execute nothing: add allow_exec or allow_read paths (the program itself is always executable)");
        assertThat(PolicyWarnings.of(policy(USR, List.of(), List.of(), List.of()), dir.resolve("home"))).isEmpty();
    }

    @Test
    void aWritableProjectWithGitOrEnvrcIsWarnedAboutUnlessReadOnlyCoversThem() throws Exception {
        Path proj = Files.createDirectories(dir.resolve("proj/.git")).getParent();
        Files.writeString(proj.resolve(".envrc"), "");
        Path home = dir.resolve("home");
        List<String> w = PolicyWarnings.of(policy(USR, List.of(proj), List.of(), List.of()), home);
        assertThat(w).anySatisfy(s -> assertThat(s).isEqualTo("writable path " + proj
                + " contains .git: a sample can plant hooks the host runs on the next git command; add it to read_only"));
        assertThat(w).anySatisfy(s -> assertThat(s).contains(proj + " contains .envrc").contains("read_only"));
        assertThat(PolicyWarnings.of(policy(USR, List.of(proj), List.of(), List.of(proj.resolve(".git"), proj.resolve(".envrc"))), home))
                .isEmpty();
        // a mask covers too: nothing can be written there either
        assertThat(PolicyWarnings.of(policy(USR, List.of(proj), List.of(proj.resolve(".git"), proj.resolve(".envrc")), List.of()), home))
                .isEmpty();
        assertThat(PolicyWarnings.of(policy(USR, List.of(proj.resolve(".git/hooks")), List.of(), List.of()), home))
                .anySatisfy(s -> assertThat(s).contains("is inside " + proj.resolve(".git")));
    }

    @Test
    void theHomeDirectoryAndShellStartupFilesAreWarnedAbout() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home/me"));
        assertThat(PolicyWarnings.of(policy(USR, List.of(home), List.of(), List.of()), home))
                .anySatisfy(s -> assertThat(s).contains("writable path " + home + " is the home directory").contains(".bashrc"));
        assertThat(PolicyWarnings.of(policy(USR, List.of(dir.resolve("home")), List.of(), List.of()), home))
                .anySatisfy(s -> assertThat(s).contains("contains the home directory " + home));
        Path rc = home.resolve(".bashrc");
        assertThat(PolicyWarnings.of(policy(USR, List.of(rc), List.of(), List.of()), home))
                .anySatisfy(s -> assertThat(s).contains("shell start-up file " + rc));
        assertThat(PolicyWarnings.of(policy(USR, List.of(rc), List.of(), List.of(rc)), home)).isEmpty();
        assertThat(PolicyWarnings.of(policy(USR, List.of(home.resolve("project")), List.of(), List.of()), home)).isEmpty();
        // the profiles' /tmp is a private tmpfs: a home directory below the host's /tmp is not exposed by it
        assertThat(PolicyWarnings.of(policy(USR, List.of(Path.of("/tmp")), List.of(), List.of()), Path.of("/tmp/home/me"))).isEmpty();
    }
}
