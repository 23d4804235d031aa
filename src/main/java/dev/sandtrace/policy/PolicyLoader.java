package dev.sandtrace.policy;

import dev.sandtrace.linux.Arch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads TOML policy files (docs/policy.md): every syntax error with its line and column,
 * unknown tables and keys with a "did you mean", wrong types and ranges naming the key and the
 * expected form, unknown syscalls checked against the architecture's table, includes with loop
 * detection. Relative paths resolve against the file's directory ({@code ~} is the user's home;
 * in built-in profiles, against the working directory).
 */
public final class PolicyLoader {
    /** Built-in profiles, shipped in the jar (and copied in policies/ in the repository). */
    public static final List<String> PROFILES = List.of("default", "strict", "permissive", "npm-install", "pip-install");

    /**
     * Tables and their keys. {@code syscalls.log_only}, {@code limits.max_processes} and
     * {@code limits.max_file_size} are the original (Rust) sandtrace's names, accepted so that its
     * example policies load.
     */
    private static final Map<String, Set<String>> SCHEMA = Map.of(
            "filesystem", Set.of("allow_read", "allow_write", "allow_exec", "deny", "read_only"),
            "network", Set.of("allow", "connect_ports", "bind_ports", "socket_families", "allow_hosts"),
            "syscalls", Set.of("deny", "action", "log_only"),
            "limits", Set.of("timeout", "memory", "processes", "file_size", "open_files", "cpu_time", "tmpfs",
                    "max_processes", "max_file_size"),
            "env", Set.of("pass", "set", "keep_all"));

    private final Arch arch;
    private final Path home;
    private final Path cwd;

    public PolicyLoader(Arch arch, Path home, Path cwd) {
        this.arch = arch;
        this.home = home;
        this.cwd = cwd;
    }

    /** Loads {@code nameOrPath}: a file when one exists there, else a built-in profile of that name. */
    public PolicyFile load(String nameOrPath) throws PolicyException {
        Path p = cwd.resolve(nameOrPath);
        if (Files.isRegularFile(p)) return load(p, new ArrayDeque<>());
        if (PROFILES.contains(nameOrPath)) return loadProfile(nameOrPath, new ArrayDeque<>());
        throw new PolicyException(List.of(nameOrPath + ": no such file, and not a built-in profile (" + String.join(", ", PROFILES) + ")"));
    }

    /** The TOML text of a built-in profile. */
    public static String profileText(String name) throws IOException {
        try (InputStream in = PolicyLoader.class.getResourceAsStream("/dev/sandtrace/policies/" + name + ".toml")) {
            if (in == null) throw new IOException("no built-in profile " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private PolicyFile loadProfile(String name, Deque<String> stack) throws PolicyException {
        try {
            return parse(profileText(name), "builtin:" + name, cwd, stack);
        } catch (IOException e) {
            throw new PolicyException(List.of("builtin:" + name + ": " + e.getMessage()));
        }
    }

    private PolicyFile load(Path file, Deque<String> stack) throws PolicyException {
        try {
            return parse(Files.readString(file), file.toString(), file.toAbsolutePath().getParent(), stack);
        } catch (IOException e) {
            throw new PolicyException(List.of(file + ": cannot read: " + e.getMessage()));
        }
    }

    private PolicyFile parse(String text, String source, Path base, Deque<String> stack) throws PolicyException {
        String key = source.startsWith("builtin:") ? source : Path.of(source).toAbsolutePath().normalize().toString();
        if (stack.contains(key)) {
            List<String> loop = new ArrayList<>(stack);
            loop.add(key);
            throw new PolicyException(List.of(source + ": include loop: " + String.join(" -> ", loop)));
        }
        stack.addLast(key);
        try {
            TomlParseResult toml = Toml.parse(text);
            List<String> problems = new ArrayList<>();
            for (TomlParseError e : toml.errors()) problems.add(at(source, e.position(), e.getMessage()));
            if (!problems.isEmpty()) throw new PolicyException(problems);
            Reader r = new Reader(source, base, toml, problems);
            PolicyFile merged = PolicyFile.empty(source);
            for (String inc : r.strings(toml, "include", false)) {
                PolicyFile included;
                try {
                    Path incPath = base.resolve(inc);
                    included = Files.isRegularFile(incPath) ? load(incPath, stack)
                            : PROFILES.contains(inc) ? loadProfile(inc, stack) : null;
                    if (included == null) {
                        problems.add(at(source, toml.inputPositionOf("include"), "include \"" + inc + "\": no such file or built-in profile"));
                        continue;
                    }
                } catch (PolicyException e) {
                    problems.addAll(e.problems());
                    continue;
                }
                merged = merged.merge(included);
            }
            PolicyFile own = r.read(sha256(text));
            if (!problems.isEmpty()) throw new PolicyException(sorted(problems));
            return merged.merge(own);
        } finally {
            stack.removeLast();
        }
    }

    /** Problems of one file in the order of their lines and columns. */
    private static List<String> sorted(List<String> problems) {
        java.util.regex.Pattern at = java.util.regex.Pattern.compile(":(\\d+):(\\d+): ");
        return problems.stream().sorted(java.util.Comparator.comparingLong(p -> {
            java.util.regex.Matcher m = at.matcher(p);
            return m.find() ? Long.parseLong(m.group(1)) * 100_000 + Long.parseLong(m.group(2)) : Long.MAX_VALUE;
        })).toList();
    }

    static String at(String source, TomlPosition pos, String message) {
        return pos == null ? source + ": " + message : source + ":" + pos.line() + ":" + pos.column() + ": " + message;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads and checks one parsed file, collecting every problem. */
    private final class Reader {
        private final String source;
        private final Path base;
        private final TomlParseResult toml;
        private final List<String> problems;

        Reader(String source, Path base, TomlParseResult toml, List<String> problems) {
            this.source = source;
            this.base = base;
            this.toml = toml;
            this.problems = problems;
        }

        PolicyFile read(String sha) {
            for (String k : toml.keySet()) {
                if (k.equals("include")) continue;
                if (!SCHEMA.containsKey(k)) {
                    problem(toml, k, "unknown " + (toml.isTable(List.of(k)) ? "table [" + k + "]" : "key " + k)
                            + suggestion(k, SCHEMA.keySet().stream().toList()));
                } else if (!toml.isTable(List.of(k))) {
                    problem(toml, k, k + " must be a table: [" + k + "]");
                }
            }
            for (Map.Entry<String, Set<String>> t : SCHEMA.entrySet()) {
                TomlTable table = toml.isTable(List.of(t.getKey())) ? toml.getTable(List.of(t.getKey())) : null;
                if (table == null) continue;
                for (String k : table.keySet()) {
                    if (!t.getValue().contains(k)) {
                        problem(table, k, "unknown key " + t.getKey() + "." + k + suggestion(k, t.getValue().stream().sorted().toList()));
                    }
                }
            }
            TomlTable fs = table("filesystem"), net = table("network"), sys = table("syscalls"), lim = table("limits");
            List<String> syscalls = syscalls(sys, "deny");
            return new PolicyFile(source, sha, paths(fs, "allow_read"), paths(fs, "allow_write"), paths(fs, "allow_exec"),
                    paths(fs, "deny"), paths(fs, "read_only"), bool(net, "allow"), ports(net, "connect_ports"),
                    ports(net, "bind_ports"), families(net, "socket_families"), hosts(net, "allow_hosts"), syscalls, action(sys), seconds(lim, "timeout"), size(lim, "memory"),
                    aliased(lim, "processes", "max_processes", this::count), aliased(lim, "file_size", "max_file_size", this::size),
                    count(lim, "open_files"), count(lim, "cpu_time"), tmpfs(lim), env(table("env")));
        }

        /** Syscall names and @groups of this architecture; a name of another architecture's table is a problem. */
        private List<String> syscalls(TomlTable sys, String key) {
            List<String> syscalls = new ArrayList<>();
            for (String s : strings(sys, key, true)) {
                if (s.startsWith("@")) {
                    List<String> members = SyscallGroups.expand(s);
                    if (members == null) {
                        problem(sys, key, "unknown syscall group " + s + suggestion(s, SyscallGroups.GROUPS.keySet().stream().toList())
                                + " (sandtrace policy groups lists them)");
                    } else {
                        members.stream().filter(m -> arch.syscallNumber(m) >= 0).forEach(syscalls::add);
                    }
                } else if (arch.syscallNumber(s) < 0) {
                    problem(sys, key, "unknown syscall " + s + " on " + arch.name());
                } else {
                    syscalls.add(s);
                }
            }
            return syscalls;
        }

        /** A key and its alias: either may be given, not both. */
        private Long aliased(TomlTable t, String key, String alias, java.util.function.BiFunction<TomlTable, String, Long> read) {
            Long value = read.apply(t, key), aliasValue = read.apply(t, alias);
            if (value != null && aliasValue != null) problem(t, alias, alias + " is another name for " + key + ": set only one of them");
            return value != null ? value : aliasValue;
        }

        /** The tmpfs size: 0 would mean "unbounded" to the kernel, so it must be a real size. */
        private Long tmpfs(TomlTable lim) {
            Long bytes = size(lim, "tmpfs");
            if (bytes != null && bytes == 0) {
                problem(lim, "tmpfs", "tmpfs must be more than 0 bytes, like \"512M\"");
                return null;
            }
            return bytes;
        }

        /** [env]: names passed from the caller, names set to a value, and whether the caller's whole environment is kept. */
        private PolicyFile.Env env(TomlTable t) {
            if (t == null) return PolicyFile.Env.EMPTY;
            List<String> pass = new ArrayList<>();
            for (String name : strings(t, "pass", true)) {
                if (envName(t, "pass", name)) pass.add(name);
            }
            Map<String, String> set = new java.util.LinkedHashMap<>();
            if (t.contains(List.of("set"))) {
                if (t.get(List.of("set")) instanceof TomlTable values) {
                    for (String name : values.keySet()) {
                        Object v = values.get(List.of(name));
                        if (!(v instanceof String value)) {
                            problem(values, name, "env.set." + name + " must be a string, like " + name + " = \"value\"");
                        } else if (value.indexOf('\0') >= 0) {
                            problem(values, name, "env.set." + name + " holds a NUL character, which no environment can carry");
                        } else if (envName(values, name, name)) {
                            set.put(name, value);
                        }
                    }
                } else {
                    problem(t, "set", "set must be a table of strings, like set = { LANG = \"C.UTF-8\" }");
                }
            }
            return new PolicyFile.Env(bool(t, "keep_all"), List.copyOf(pass), java.util.Collections.unmodifiableMap(set));
        }

        /** execve's environment is NAME=VALUE strings: a name cannot be empty or hold '=' (or NUL). */
        private boolean envName(TomlTable t, String key, String name) {
            if (!name.isEmpty() && name.indexOf('=') < 0 && name.indexOf('\0') < 0) return true;
            problem(t, key, "environment variable name \"" + name + "\" must be non-empty and without '='");
            return false;
        }

        private TomlTable table(String name) {
            return toml.isTable(List.of(name)) ? toml.getTable(List.of(name)) : null;
        }

        List<String> strings(TomlTable t, String key, boolean inTable) {
            if (t == null || !t.contains(List.of(key))) return List.of();
            Object v = t.get(List.of(key));
            String name = inTable ? key : key;
            if (!(v instanceof TomlArray a) || !all(a, a::isString)) {
                problem(t, key, name + " must be an array of strings, like [\"/usr\", \"~/project\"]");
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) out.add(a.getString(i));
            return out;
        }

        private List<String> paths(TomlTable t, String key) {
            List<String> out = new ArrayList<>();
            for (String s : strings(t, key, true)) {
                if (s.isEmpty()) {
                    problem(t, key, key + " has an empty path");
                    continue;
                }
                String expanded = s.equals("~") ? home.toString() : s.startsWith("~/") ? home.resolve(s.substring(2)).toString() : s;
                out.add(Path.of(expanded).isAbsolute() ? Path.of(expanded).normalize().toString()
                        : base.resolve(expanded).normalize().toString());
            }
            return out;
        }

        private Boolean bool(TomlTable t, String key) {
            if (t == null || !t.contains(List.of(key))) return null;
            Object v = t.get(List.of(key));
            if (v instanceof Boolean b) return b;
            problem(t, key, key + " must be true or false");
            return null;
        }

        /** Address family names (vsock, AF_PACKET, netlink, ...), as SocketRules knows them. */
        private List<String> families(TomlTable t, String key) {
            List<String> out = new ArrayList<>();
            for (String f : strings(t, key, true)) {
                String name = SocketRules.canonical(f);
                if (name == null) {
                    problem(t, key, "unknown address family " + f + suggestion(f.toLowerCase(java.util.Locale.ROOT), SocketRules.names()));
                } else {
                    out.add(name);
                }
            }
            return out;
        }

        /** Host name patterns for the egress proxy, each checked as the proxy will read it. */
        private List<String> hosts(TomlTable t, String key) {
            List<String> out = new ArrayList<>();
            for (String h : strings(t, key, true)) {
                try {
                    dev.sandtrace.proxy.HostRules.parse(List.of(h));
                    out.add(h);
                } catch (IllegalArgumentException e) {
                    problem(t, key, e.getMessage());
                }
            }
            return out;
        }

        private List<Integer> ports(TomlTable t, String key) {
            if (t == null || !t.contains(List.of(key))) return List.of();
            Object v = t.get(List.of(key));
            List<Integer> out = new ArrayList<>();
            if (v instanceof TomlArray a && all(a, a::isLong)) {
                for (int i = 0; i < a.size(); i++) {
                    long p = a.getLong(i);
                    if (p < 1 || p > 65535) problem(t, key, key + " must hold TCP ports 1-65535, got " + p);
                    else out.add((int) p);
                }
            } else {
                problem(t, key, key + " must be an array of port numbers, like [443, 80]");
            }
            return out;
        }

        private Policy.Action action(TomlTable t) {
            Policy.Action action = explicitAction(t);
            if (!Boolean.TRUE.equals(logOnly(t))) return action;
            if (action != null && action != Policy.Action.LOG) {
                problem(t, "log_only", "log_only = true means action = \"log\", but action is \""
                        + action.name().toLowerCase(Locale.ROOT) + "\": set only one of them");
            }
            return Policy.Action.LOG;
        }

        private Policy.Action explicitAction(TomlTable t) {
            if (t == null || !t.contains(List.of("action"))) return null;
            Object v = t.get(List.of("action"));
            if (v instanceof String s) {
                switch (s) {
                    case "errno": return Policy.Action.ERRNO;
                    case "kill": return Policy.Action.KILL;
                    case "log": return Policy.Action.LOG;
                    default: break;
                }
            }
            problem(t, "action", "action must be \"errno\", \"kill\" or \"log\", got " + v);
            return null;
        }

        /**
         * log_only in either of its forms: true (deny-listed syscalls are only logged, = action "log"), or the
         * original sandtrace's list of syscalls to log without blocking, which are only checked: every syscall
         * is traced anyway, and these are not denied.
         */
        private Boolean logOnly(TomlTable t) {
            if (t == null || !t.contains(List.of("log_only"))) return null;
            Object v = t.get(List.of("log_only"));
            if (v instanceof Boolean b) return b;
            if (v instanceof TomlArray a && all(a, a::isString)) {
                syscalls(t, "log_only");
                return null;
            }
            problem(t, "log_only", "log_only must be true or false (true: action = \"log\"), or a list of syscall names");
            return null;
        }

        private Double seconds(TomlTable t, String key) {
            if (t == null || !t.contains(List.of(key))) return null;
            Object v = t.get(List.of(key));
            double d = v instanceof Long l ? l : v instanceof Double dd ? dd : Double.NaN;
            if (Double.isNaN(d) || d <= 0) {
                problem(t, key, key + " must be a positive number of seconds, like 30 or 1.5");
                return null;
            }
            return d;
        }

        private Long count(TomlTable t, String key) {
            if (t == null || !t.contains(List.of(key))) return null;
            Object v = t.get(List.of(key));
            if (v instanceof Long l && l >= 0) return l;
            problem(t, key, key + " must be a whole number, 0 or more (0: unlimited)");
            return null;
        }

        private Long size(TomlTable t, String key) {
            if (t == null || !t.contains(List.of(key))) return null;
            Object v = t.get(List.of(key));
            if (v instanceof Long l && l >= 0) return l;
            if (v instanceof String s) {
                Long parsed = parseSize(s);
                if (parsed != null) return parsed;
            }
            problem(t, key, key + " must be a size like \"512M\", \"1G\" or a number of bytes, got " + v);
            return null;
        }

        private void problem(TomlTable t, String key, String message) {
            problems.add(at(source, t.inputPositionOf(List.of(key)), message));
        }
    }

    private static boolean all(TomlArray a, java.util.function.IntPredicate test) {
        for (int i = 0; i < a.size(); i++) if (!test.test(i)) return false;
        return true;
    }

    /** "512M", "1G", "64k", "1.5G", "100" (bytes); binary units. Null when malformed. */
    static Long parseSize(String s) {
        String v = s.strip().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
        long mult = 1;
        if (!v.isEmpty()) {
            switch (v.charAt(v.length() - 1)) {
                case 'K' -> mult = 1L << 10;
                case 'M' -> mult = 1L << 20;
                case 'G' -> mult = 1L << 30;
                case 'T' -> mult = 1L << 40;
                default -> { }
            }
        }
        if (mult > 1) v = v.substring(0, v.length() - 1);
        try {
            double d = Double.parseDouble(v);
            if (d < 0 || Double.isNaN(d) || Double.isInfinite(d) || d * mult > Long.MAX_VALUE) return null;
            return (long) (d * mult);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** ", did you mean X?" when a known name is close (edit distance ≤ 2), else "". */
    static String suggestion(String given, List<String> known) {
        String best = null;
        int bestDist = 3;
        for (String k : known) {
            int d = distance(given.toLowerCase(Locale.ROOT), k);
            if (d < bestDist) {
                bestDist = d;
                best = k;
            }
        }
        return best == null ? " (known: " + String.join(", ", known) + ")" : ", did you mean " + best + "?";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
