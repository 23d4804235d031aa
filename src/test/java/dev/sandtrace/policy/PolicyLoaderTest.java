package dev.sandtrace.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.sandtrace.linux.Arch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyLoaderTest {
    @TempDir
    Path dir;

    private PolicyLoader loader() {
        return new PolicyLoader(Arch.host(), Path.of("/home/tester"), dir);
    }

    private List<String> problems(String toml) throws IOException {
        Path f = dir.resolve("policy.toml");
        Files.writeString(f, toml);
        try {
            loader().load(f.toString());
            return List.of();
        } catch (PolicyException e) {
            return e.problems();
        }
    }

    /** Broken files and the problem each must report: location and message. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            [filesystem\\nallow_read = []                  | policy.toml:1:12: | expected ]
            [network]\\nallow = tru                        | policy.toml:2:                     | 
            [filesystem]\\nallow_reed = ["/usr"]           | policy.toml:2:1: | did you mean allow_read?
            [netwrk]\\nallow = true                        | policy.toml:1:1: | did you mean network?
            [network]\\nallow = "yes"                      | policy.toml:2:1: | allow must be true or false
            [filesystem]\\nallow_read = "/usr"             | policy.toml:2:1: | must be an array of strings
            [filesystem]\\nallow_read = [1, 2]             | policy.toml:2:1: | must be an array of strings
            [limits]\\nmemory = "12X"                      | policy.toml:2:1: | must be a size like "512M"
            [limits]\\nprocesses = -3                      | policy.toml:2:1: | must be a whole number
            [limits]\\ntimeout = 0                         | policy.toml:2:1: | positive number of seconds
            [network]\\nconnect_ports = [70000]            | policy.toml:2:1: | TCP ports 1-65535
            [syscalls]\\ndeny = ["frobnicate"]             | policy.toml:2:1: | unknown syscall frobnicate
            [syscalls]\\ndeny = ["@mountt"]                | policy.toml:2:1: | did you mean @mount?
            [syscalls]\\naction = "explode"                | policy.toml:2:1: | action must be "errno", "kill" or "log"
            include = ["missing.toml"]                      | policy.toml:1:1: | no such file or built-in profile
            [filesystem]\\nread_only = "/x"                | policy.toml:2:1: | must be an array of strings
            [limits]\\ntmpfs = 0                           | policy.toml:2:1: | tmpfs must be more than 0 bytes
            [limits]\\ntmpfs = "huge"                      | policy.toml:2:1: | must be a size like "512M"
            [limits]\\nprocesses = 3\\nmax_processes = 4   | policy.toml:3:1: | max_processes is another name for processes
            [limits]\\nmax_file_size = "lots"              | policy.toml:2:1: | max_file_size must be a size
            [syscalls]\\nlog_only = true\\naction = "kill" | policy.toml:2:1: | log_only = true means action = "log"
            [syscalls]\\nlog_only = ["frobnicate"]         | policy.toml:2:1: | unknown syscall frobnicate
            [syscalls]\\nlog_only = 3                      | policy.toml:2:1: | log_only must be true or false
            [env]\\npas = ["A"]                            | policy.toml:2:1: | did you mean pass?
            [env]\\npass = ["A=B"]                         | policy.toml:2:1: | "A=B" must be non-empty and without
            [env]\\npass = [""]                            | policy.toml:2:1: | "" must be non-empty
            [env]\\npass = "HOME"                          | policy.toml:2:1: | pass must be an array of strings
            [env]\\nset = { "X=Y" = "1" }                  | policy.toml:2:9: | "X=Y" must be non-empty and without
            [env]\\nset = { A = 1 }                        | policy.toml:2:9: | env.set.A must be a string
            [env]\\nset = "A=1"                            | policy.toml:2:1: | set must be a table of strings
            [env]\\nkeep_all = "yes"                       | policy.toml:2:1: | keep_all must be true or false
            env = 1                                         | policy.toml:1:1: | env must be a table
            """)
    void brokenFilesReportWhereAndWhat(String toml, String location, String message) throws IOException {
        List<String> p = problems(toml.replace("\\n", "\n"));
        assertThat(p).as(toml).isNotEmpty();
        assertThat(p).anySatisfy(line -> {
            assertThat(line).contains(location);
            if (message != null) assertThat(line).contains(message);
        });
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() throws IOException {
        List<String> p = problems("[filesystem]\nallow_reed = []\n[network]\nallow = 1\n[limits]\nmemory = \"x\"\n");
        assertThat(p).hasSize(3);
        assertThat(p.get(0)).contains(":2:");
        assertThat(p.get(2)).contains(":6:");
    }

    @Test
    void includeLoopsAreFound() throws IOException {
        Files.writeString(dir.resolve("a.toml"), "include = [\"b.toml\"]\n");
        Files.writeString(dir.resolve("b.toml"), "include = [\"a.toml\"]\n");
        assertThatThrownBy(() -> loader().load(dir.resolve("a.toml").toString()))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems()).anySatisfy(l -> assertThat(l).contains("include loop")));
    }

    @Test
    void includesMergeListsAndLaterScalarsWin() throws Exception {
        Files.writeString(dir.resolve("base.toml"), "[filesystem]\nallow_read = [\"/usr\"]\n[network]\nallow = true\n[limits]\nprocesses = 10\n");
        Files.writeString(dir.resolve("top.toml"), "include = [\"base.toml\"]\n[filesystem]\nallow_read = [\"data\"]\n[limits]\nprocesses = 20\n");
        PolicyFile f = loader().load(dir.resolve("top.toml").toString());
        assertThat(f.allowRead()).containsExactly("/usr", dir.resolve("data").toString());
        assertThat(f.networkAllow()).isTrue();
        assertThat(f.processes()).isEqualTo(20);
    }

    @Test
    void relativePathsResolveAgainstTheFileAndTildeAgainstHome() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(sub.resolve("p.toml"), "[filesystem]\nallow_write = [\"../out\", \"~/cache\", \"/abs/./x\"]\n");
        PolicyFile f = loader().load(sub.resolve("p.toml").toString());
        assertThat(f.allowWrite()).containsExactly(dir.resolve("out").toString(), "/home/tester/cache", "/abs/x");
    }

    @Test
    void flagsMergeOnTopOfTheFile() throws Exception {
        Files.createDirectories(dir.resolve("proj"));
        Files.writeString(dir.resolve("p.toml"), "[network]\nallow = false\nconnect_ports = [443]\n[syscalls]\naction = \"kill\"\n");
        PolicyFile f = loader().load(dir.resolve("p.toml").toString());
        List<String> warnings = new ArrayList<>();
        Policy p = PolicyResolver.resolve(f, new PolicyResolver.Flags(List.of(dir.resolve("proj")), true, List.of(80), null), warnings);
        assertThat(p.filesystem().allowWrite()).contains(dir.resolve("proj"));
        assertThat(p.filesystem().allowRead()).contains(dir.resolve("proj"));
        assertThat(p.network().allow()).isTrue();
        assertThat(p.network().connectPorts()).containsExactly(443, 80);
        assertThat(p.syscalls().action()).isEqualTo(Policy.Action.KILL);
        Policy overridden = PolicyResolver.resolve(f, new PolicyResolver.Flags(List.of(), false, List.of(), Policy.Action.ERRNO), warnings);
        assertThat(overridden.syscalls().action()).isEqualTo(Policy.Action.ERRNO);
        assertThat(overridden.network().allow()).isFalse();
    }

    @Test
    void denyGlobsExpandAndAGlobMatchingNothingIsAWarning() throws Exception {
        Files.createDirectories(dir.resolve("home/a/.ssh"));
        Files.writeString(dir.resolve("p.toml"), "[filesystem]\ndeny = [\"home/*/.ssh\", \"home/*/.nothing\"]\n");
        List<String> warnings = new ArrayList<>();
        Policy p = PolicyResolver.resolve(loader().load(dir.resolve("p.toml").toString()),
                new PolicyResolver.Flags(List.of(), false, List.of(), null), warnings);
        assertThat(p.filesystem().deny()).containsExactly(dir.resolve("home/a/.ssh"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains(".nothing").contains("matches nothing"));
    }

    @Test
    void sizesParseWithBinaryUnits() {
        assertThat(PolicyLoader.parseSize("512M")).isEqualTo(512L << 20);
        assertThat(PolicyLoader.parseSize("1G")).isEqualTo(1L << 30);
        assertThat(PolicyLoader.parseSize("64k")).isEqualTo(64L << 10);
        assertThat(PolicyLoader.parseSize("2GiB")).isEqualTo(2L << 30);
        assertThat(PolicyLoader.parseSize("100")).isEqualTo(100);
        assertThat(PolicyLoader.parseSize("lots")).isNull();
        assertThat(PolicyLoader.parseSize("-1G")).isNull();
    }

    @Test
    void everyBuiltInProfileIsValidAndIdenticalToItsCopyInTheRepository() throws Exception {
        for (String name : PolicyLoader.PROFILES) {
            loader().load(name);
            assertThat(Files.readString(Path.of("policies", name + ".toml"))).as(name).isEqualTo(PolicyLoader.profileText(name));
        }
    }

    @Test
    void theDefaultProfileIsTheBuiltInDefaultPolicy() throws Exception {
        Path home = Path.of(System.getProperty("user.home"));
        Policy fromToml = PolicyResolver.resolve(new PolicyLoader(Arch.host(), home, dir).load("default"),
                new PolicyResolver.Flags(List.of(), false, List.of(), null), new ArrayList<>());
        Policy builtIn = DefaultPolicy.of(home, List.of(), false);
        // exec implies read in the Landlock rules: compare what is readable in the end
        java.util.Set<Path> readToml = new java.util.HashSet<>(fromToml.filesystem().allowRead());
        readToml.addAll(fromToml.filesystem().allowExec());
        java.util.Set<Path> readBuiltIn = new java.util.HashSet<>(builtIn.filesystem().allowRead());
        readBuiltIn.addAll(builtIn.filesystem().allowExec());
        assertThat(readToml).isEqualTo(readBuiltIn);
        assertThat(new java.util.HashSet<>(fromToml.filesystem().deny())).containsAll(builtIn.filesystem().deny());
        assertThat(fromToml.filesystem().allowWrite()).containsExactlyInAnyOrderElementsOf(builtIn.filesystem().allowWrite());
        assertThat(fromToml.filesystem().allowExec()).containsExactlyInAnyOrderElementsOf(builtIn.filesystem().allowExec());
        assertThat(fromToml.limits()).isEqualTo(builtIn.limits());
        assertThat(fromToml.network().allow()).isFalse();
    }

    private Policy resolve(String toml, PolicyResolver.Flags flags, List<String> warnings) throws Exception {
        Path f = dir.resolve("p.toml");
        Files.writeString(f, toml);
        return PolicyResolver.resolve(loader().load(f.toString()), flags, warnings);
    }

    private static final PolicyResolver.Flags NO_FLAGS = new PolicyResolver.Flags(List.of(), false, List.of(), null);

    /** The original project's example: allow_read alone must let a program in /usr run. */
    @Test
    void withoutAllowExecAllowReadAlsoGrantsExecution() throws Exception {
        Policy p = resolve("""
                [filesystem]
                allow_read = ["/usr", "/lib", "/etc/ld.so.cache"]
                allow_write = ["./output"]
                deny = ["/home/*/.ssh", "/etc/shadow"]
                """, NO_FLAGS, new ArrayList<>());
        assertThat(p.filesystem().allowExec()).contains(Path.of("/usr")).isEqualTo(p.filesystem().allowRead());
        assertThat(p.filesystem().allowExec()).anySatisfy(e -> assertThat(Path.of("/usr/bin/ls")).startsWith(e));
        assertThat(p.filesystem().deny()).contains(Path.of("/etc/shadow"));
        assertThat(PolicyResolver.withProgram(p, Path.of("/usr/bin/ls"))).as("already executable: nothing added").isSameAs(p);
    }

    @Test
    void anAllowExecListLimitsExecutionToItself() throws Exception {
        Files.createDirectories(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("data"));
        Policy p = resolve("[filesystem]\nallow_read = [\"data\"]\nallow_exec = [\"bin\"]\n", NO_FLAGS, new ArrayList<>());
        assertThat(p.filesystem().allowExec()).containsExactly(dir.resolve("bin"));
        // included files count: an allow_exec anywhere in the merged policy limits execution
        Files.writeString(dir.resolve("base.toml"), "[filesystem]\nallow_exec = [\"bin\"]\n");
        Policy merged = resolve("include = [\"base.toml\"]\n[filesystem]\nallow_read = [\"data\"]\n", NO_FLAGS, new ArrayList<>());
        assertThat(merged.filesystem().allowExec()).containsExactly(dir.resolve("bin"));
    }

    @Test
    void theProgramOnTheCommandLineIsAlwaysExecutable() throws Exception {
        Path tool = Files.writeString(dir.resolve("tool"), "#!/bin/sh\n");
        Path link = Files.createSymbolicLink(dir.resolve("link"), tool);
        Policy p = resolve("[filesystem]\nallow_read = [\"/usr\"]\nallow_exec = [\"/usr/bin\"]\n", NO_FLAGS, new ArrayList<>());
        Policy withTool = PolicyResolver.withProgram(p, link);
        assertThat(withTool.filesystem().allowExec()).contains(link, tool.toRealPath()).containsAll(p.filesystem().allowExec());
        assertThat(withTool.filesystem().allowRead()).contains(link, tool.toRealPath());
        assertThat(withTool.filesystem().allowWrite()).isEqualTo(p.filesystem().allowWrite());
        Policy builtIn = PolicyResolver.withProgram(DefaultPolicy.of(Path.of("/home/tester"), List.of(), false), tool);
        assertThat(builtIn.filesystem().allowExec()).contains(tool);
        // deny wins over this allow too
        Policy masked = DefaultPolicy.of(dir, List.of(), false);
        assertThat(PolicyResolver.withProgram(masked, dir.resolve(".ssh/tool"))).isSameAs(masked);
    }

    @Test
    void pathFlagsGrantWhatTheirNamesSay() throws Exception {
        Path r = Files.createDirectories(dir.resolve("r")), w = Files.createDirectories(dir.resolve("w"));
        Path x = Files.createDirectories(dir.resolve("x")), a = Files.createDirectories(dir.resolve("a"));
        ExtraPaths extra = new ExtraPaths(List.of(a), List.of(r), List.of(w), List.of(x));
        Policy fromFile = resolve("[filesystem]\nallow_exec = [\"/usr\"]\n", new PolicyResolver.Flags(extra, false, List.of(), null),
                new ArrayList<>());
        Policy builtIn = DefaultPolicy.of(Path.of("/home/tester"), extra, new Policy.Network(false), Policy.Action.ERRNO);
        for (Policy p : List.of(fromFile, builtIn)) {
            Policy.Filesystem fs = p.filesystem();
            assertThat(fs.allowRead()).contains(a, r, w, x);
            assertThat(fs.allowWrite()).contains(a, w).doesNotContain(r, x);
            assertThat(fs.allowExec()).contains(a, x).doesNotContain(r, w);
        }
        // a flag only adds: --allow-exec does not take away what allow_read grants in a file without allow_exec
        Policy seed = resolve("[filesystem]\nallow_read = [\"/usr\"]\n", new PolicyResolver.Flags(extra, false, List.of(), null),
                new ArrayList<>());
        assertThat(seed.filesystem().allowExec()).contains(Path.of("/usr"), x, a);
    }

    @Test
    void originalKeyNamesAreAliases() throws Exception {
        Policy p = resolve("""
                [syscalls]
                deny = ["ptrace"]
                log_only = ["mprotect", "mmap"]   # the original's list form: traced anyway, nothing denied
                [limits]
                timeout = 30
                max_processes = 10
                max_file_size = "1M"
                """, NO_FLAGS, new ArrayList<>());
        assertThat(p.limits().processes()).isEqualTo(10);
        assertThat(p.limits().fileSizeBytes()).isEqualTo(1L << 20);
        assertThat(p.syscalls().deny()).containsExactly("ptrace");
        assertThat(p.syscalls().action()).isEqualTo(Policy.Action.ERRNO);
        assertThat(resolve("[syscalls]\nlog_only = true\n", NO_FLAGS, new ArrayList<>()).syscalls().action()).isEqualTo(Policy.Action.LOG);
        assertThat(resolve("[syscalls]\nlog_only = true\naction = \"log\"\n", NO_FLAGS, new ArrayList<>()).syscalls().action())
                .isEqualTo(Policy.Action.LOG);
        assertThat(resolve("[syscalls]\nlog_only = false\n", NO_FLAGS, new ArrayList<>()).syscalls().action()).isEqualTo(Policy.Action.ERRNO);
    }

    @Test
    void tmpfsSizesTheScratchSpaceAndDefaultsTo512M() throws Exception {
        assertThat(resolve("[limits]\ntmpfs = \"2G\"\n", NO_FLAGS, new ArrayList<>()).limits().scratchBytes()).isEqualTo(2L << 30);
        assertThat(resolve("", NO_FLAGS, new ArrayList<>()).limits().scratchBytes()).isEqualTo(512L << 20);
        assertThat(DefaultPolicy.LIMITS.scratchBytes()).isEqualTo(512L << 20);
    }

    @Test
    void readOnlyPathsResolveLikeTheOthersAndMissingOnesAreSkippedSilently() throws Exception {
        Path proj = Files.createDirectories(dir.resolve("proj/.git"));
        Files.createDirectories(dir.resolve("proj/sub/.git"));
        List<String> warnings = new ArrayList<>();
        Policy p = resolve("[filesystem]\nallow_write = [\"proj\"]\nread_only = [\"proj/.git\", \"proj/.envrc\", \"proj/*/.git\"]\n",
                NO_FLAGS, warnings);
        assertThat(p.filesystem().readOnly()).containsExactly(proj, dir.resolve("proj/sub/.git"));
        assertThat(warnings).isEmpty();
    }

    @Test
    void theEnvTableIsReadAndMergedAcrossIncludes() throws Exception {
        Files.writeString(dir.resolve("base.toml"), """
                [env]
                pass = ["SSH_AUTH_SOCK_NOT", "LANG"]
                set = { A = "1", B = "base" }
                keep_all = true
                """);
        Policy p = resolve("""
                include = ["base.toml"]
                [env]
                pass = ["CI", "LANG"]
                set = { B = "top", "C.D" = "x=y" }
                keep_all = false
                """, NO_FLAGS, new ArrayList<>());
        assertThat(p.env().pass()).containsExactly("SSH_AUTH_SOCK_NOT", "LANG", "CI");
        assertThat(p.env().set()).containsExactly(java.util.Map.entry("A", "1"), java.util.Map.entry("B", "top"),
                java.util.Map.entry("C.D", "x=y"));
        assertThat(p.env().keepAll()).isFalse();
        assertThat(resolve("[env]\nkeep_all = true\n", NO_FLAGS, new ArrayList<>()).env().keepAll()).isTrue();
        assertThat(resolve("", NO_FLAGS, new ArrayList<>()).env()).isEqualTo(Policy.Env.CLEARED);
        assertThat(DefaultPolicy.of(Path.of("/home/tester"), List.of(), false).env()).isEqualTo(Policy.Env.CLEARED);
    }

    @Test
    void secretsThatDoNotExistYetAreStillDenied() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Policy builtIn = DefaultPolicy.of(home, List.of(), false);
        assertThat(builtIn.filesystem().deny()).contains(home.resolve(".aws"), home.resolve(".ssh"), home.resolve(".config/gh"));
        Policy fromToml = PolicyResolver.resolve(new PolicyLoader(Arch.host(), home, dir).load("default"), NO_FLAGS, new ArrayList<>());
        assertThat(fromToml.filesystem().deny()).contains(home.resolve(".aws"), home.resolve(".ssh"));
        assertThat(home.resolve(".aws")).doesNotExist();
    }

    @Test
    void theInstallProfilesKeepGitReadOnlyAndTheHostCachesOut() throws Exception {
        Path home = Path.of("/home/tester");
        for (String profile : List.of("npm-install", "pip-install")) {
            PolicyFile f = new PolicyLoader(Arch.host(), home, dir).load(profile);
            assertThat(f.readOnly()).as(profile).contains(dir.resolve(".git").toString(), dir.resolve(".envrc").toString());
            assertThat(f.allowWrite()).as(profile).contains(dir.toString())
                    .noneMatch(w -> w.startsWith(home.toString()));
        }
    }

    /** Seeded random mutations of a valid file: the loader may reject them, but only with clean problems. */
    @Test
    void mutatedFilesNeverCrashTheLoader() throws Exception {
        String valid = PolicyLoader.profileText("strict");
        Random random = new Random(1129L);
        String alphabet = "[]{}=\"',.#\n 0123456789abcxyz@*~/-_";
        for (int round = 0; round < 400; round++) {
            StringBuilder s = new StringBuilder(valid);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(s.length());
                switch (random.nextInt(3)) {
                    case 0 -> s.deleteCharAt(at);
                    case 1 -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            Path f = dir.resolve("m.toml");
            Files.writeString(f, s);
            try {
                loader().load(f.toString());
            } catch (PolicyException expected) {
                assertThat(expected.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith(f.toString()));
            } catch (RuntimeException crash) {
                fail("round " + round + " crashed the loader on:\n" + s, crash);
            }
        }
    }
}
