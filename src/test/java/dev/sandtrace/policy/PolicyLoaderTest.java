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
