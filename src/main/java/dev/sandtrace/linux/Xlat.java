package dev.sandtrace.linux;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A table of named kernel constants read from a plain {@code xlat/NAME.in} resource, one
 * {@code NAME VALUE} pair per line, {@code #} for comments (the format of strace's xlat
 * files): the constants are data, in one place, for the sandbox, the policy and the decoder.
 */
public final class Xlat {
    private static final Map<String, Xlat> LOADED = new ConcurrentHashMap<>();

    private final Map<String, Long> byName;
    private final Map<Long, String> byValue;

    private Xlat(Map<String, Long> byName) {
        this.byName = Collections.unmodifiableMap(byName);
        Map<Long, String> reverse = new LinkedHashMap<>();
        byName.forEach((n, v) -> reverse.putIfAbsent(v, n));
        this.byValue = Collections.unmodifiableMap(reverse);
    }

    /** The table {@code xlat/name.in}, loaded once. */
    public static Xlat of(String name) {
        return LOADED.computeIfAbsent(name, Xlat::load);
    }

    private static Xlat load(String name) {
        String resource = "/dev/sandtrace/xlat/" + name + ".in";
        Map<String, Long> entries = new LinkedHashMap<>();
        try (InputStream in = Xlat.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) continue;
                String[] f = l.split("\\s+");
                if (f.length != 2) throw new IllegalStateException(resource + ": not NAME VALUE: " + line);
                entries.put(f[0], Long.decode(f[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
        return new Xlat(entries);
    }

    /** NAME → value, in the file's order. */
    public Map<String, Long> byName() { return byName; }

    /** The first name of {@code value}, or null. */
    public String name(long value) { return byValue.get(value); }

    /** The value of {@code name}, or null. */
    public Long value(String name) { return byName.get(name); }
}
