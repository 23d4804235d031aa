package dev.sandtrace.learn;

import dev.sandtrace.linux.Arch;
import dev.sandtrace.policy.SyscallGroups;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dangerous syscall groups a run never needed: a group none of whose members the run called
 * is denied by name; of a group it used in part, the members it did not call are denied one by
 * one. Names are checked against the architecture's table, so the policy loads.
 */
public final class SyscallDenials {
    private SyscallDenials() {}

    /** One entry of {@code [syscalls] deny} and why: a group or a syscall name. */
    public record Denial(String name, String why) {}

    public static List<Denial> of(Set<String> used, Arch arch) {
        Map<String, List<String>> unusedGroups = new LinkedHashMap<>();
        Set<String> singles = new LinkedHashSet<>();
        Map<String, String> singleWhy = new LinkedHashMap<>();
        for (String group : SyscallGroups.GROUPS.keySet()) {
            List<String> members = SyscallGroups.expand(group).stream().filter(m -> arch.syscallNumber(m) >= 0).toList();
            if (members.isEmpty()) continue;
            List<String> called = members.stream().filter(used::contains).toList();
            if (called.isEmpty()) {
                unusedGroups.put(group, members);
            } else {
                for (String m : members) {
                    if (used.contains(m)) continue;
                    singles.add(m);
                    singleWhy.putIfAbsent(m, "of " + group + ", whose " + String.join(", ", called) + " the run called");
                }
            }
        }
        // a group wholly inside another denied group (@clock inside @privileged) adds nothing
        List<String> groups = new ArrayList<>(unusedGroups.keySet());
        groups.removeIf(g -> unusedGroups.entrySet().stream().anyMatch(o -> !o.getKey().equals(g)
                && o.getValue().containsAll(unusedGroups.get(g)) && (o.getValue().size() > unusedGroups.get(g).size()
                        || o.getKey().compareTo(g) < 0)));
        List<Denial> out = new ArrayList<>();
        for (String g : groups) out.add(new Denial(g, "never called: " + String.join(" ", unusedGroups.get(g))));
        for (String s : singles) {
            boolean covered = groups.stream().anyMatch(g -> unusedGroups.get(g).contains(s));
            if (!covered) out.add(new Denial(s, "never called; " + singleWhy.get(s)));
        }
        return out;
    }
}
