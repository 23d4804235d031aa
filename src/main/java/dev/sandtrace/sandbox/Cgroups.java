package dev.sandtrace.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where this process may create a cgroup with a given controller (cgroups(7)). Read from
 * /proc/self/mountinfo and /proc/self/cgroup, so that v1 hierarchies, a v2 hierarchy and hybrid
 * layouts (v1 controllers next to an empty v2 hierarchy, as on this project's CI machines) are
 * all found where they are mounted.
 */
final class Cgroups {
    /** A directory a new group could be created in, and whether it belongs to the v2 hierarchy. */
    record Place(Path dir, boolean v2) { }

    private Cgroups() {}

    /**
     * The places for {@code controller}, best first: below this process's own cgroup (so that
     * limits set around sandtrace still hold for the sample), then the hierarchy's root. A v2
     * place qualifies only where the controller is enabled for children (cgroup.subtree_control).
     * {@code mounts} and {@code own}: the lines of /proc/self/mountinfo and /proc/self/cgroup,
     * read once for all the controllers wanted (see {@link #lines}).
     */
    static List<Place> places(String controller, List<String> mounts, List<String> own) {
        Set<Place> places = new LinkedHashSet<>();
        for (String line : mounts) {
            int dash = line.indexOf(" - ");
            if (dash < 0) continue;
            String[] fields = line.substring(0, dash).split(" ");
            String[] fs = line.substring(dash + 3).split(" ");
            if (fields.length < 5 || fs.length < 3) continue;
            Path mount = Path.of(unescape(fields[4]));
            if (fs[0].equals("cgroup2")) {
                for (Path dir : candidates(mount, ownPath(own, ""))) {
                    if (enabledForChildren(dir, controller)) places.add(new Place(dir, true));
                }
            } else if (fs[0].equals("cgroup") && Arrays.asList(fs[2].split(",")).contains(controller)) {
                for (Path dir : candidates(mount, ownPath(own, controller))) places.add(new Place(dir, false));
            }
        }
        return new ArrayList<>(places);
    }

    private static List<Path> candidates(Path mount, String ownPath) {
        List<Path> dirs = new ArrayList<>();
        if (ownPath != null && !ownPath.equals("/")) {
            Path own = mount.resolve(ownPath.substring(1)).normalize();
            if (own.startsWith(mount) && Files.isDirectory(own)) dirs.add(own);
        }
        dirs.add(mount);
        return dirs;
    }

    /** This process's path in the hierarchy of {@code controller} ("" for v2), or null. */
    private static String ownPath(List<String> cgroupLines, String controller) {
        for (String line : cgroupLines) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) continue;
            boolean match = controller.isEmpty() ? parts[0].equals("0") && parts[1].isEmpty()
                    : Arrays.asList(parts[1].split(",")).contains(controller);
            if (match) return parts[2];
        }
        return null;
    }

    private static boolean enabledForChildren(Path dir, String controller) {
        for (String line : lines(dir.resolve("cgroup.subtree_control"))) {
            if (Arrays.asList(line.trim().split(" ")).contains(controller)) return true;
        }
        return false;
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p); // not readString: it returned one byte of a sysctl file (JDK 25)
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
