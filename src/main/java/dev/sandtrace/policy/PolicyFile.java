package dev.sandtrace.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one policy file (with its includes) says, before flags and glob expansion. Paths are
 * absolute patterns; a null scalar means "not set here".
 */
public record PolicyFile(String source, String sha256, List<String> allowRead, List<String> allowWrite,
        List<String> allowExec, List<String> deny, List<String> readOnly, Boolean networkAllow, List<Integer> connectPorts,
        List<Integer> bindPorts, List<String> socketFamilies, List<String> allowHosts, List<String> denySyscalls, Policy.Action action, Double timeout, Long memory,
        Long processes, Long fileSize, Long openFiles, Long cpuTime, Long tmpfs, Env env) {

    /** The [env] table: null keepAll when not set here; names of {@code pass} and {@code set} already checked. */
    public record Env(Boolean keepAll, List<String> pass, Map<String, String> set) {
        static final Env EMPTY = new Env(null, List.of(), Map.of());

        /** {@code over} on top of {@code this}: pass lists add up, set entries of {@code over} win, a keep_all set there wins. */
        Env merge(Env over) {
            Map<String, String> set = new LinkedHashMap<>(this.set);
            set.putAll(over.set);
            return new Env(or(over.keepAll, keepAll), concat(pass, over.pass), java.util.Collections.unmodifiableMap(set));
        }
    }

    /** {@code over} on top of {@code this}: lists add up, scalars set in {@code over} win. */
    PolicyFile merge(PolicyFile over) {
        return new PolicyFile(over.source, over.sha256, concat(allowRead, over.allowRead), concat(allowWrite, over.allowWrite),
                concat(allowExec, over.allowExec), concat(deny, over.deny), concat(readOnly, over.readOnly),
                or(over.networkAllow, networkAllow), concat(connectPorts, over.connectPorts), concat(bindPorts, over.bindPorts),
                concat(socketFamilies, over.socketFamilies), concat(allowHosts, over.allowHosts), concat(denySyscalls, over.denySyscalls), or(over.action, action), or(over.timeout, timeout),
                or(over.memory, memory), or(over.processes, processes), or(over.fileSize, fileSize),
                or(over.openFiles, openFiles), or(over.cpuTime, cpuTime), or(over.tmpfs, tmpfs), env.merge(over.env));
    }

    static PolicyFile empty(String source) {
        return new PolicyFile(source, "", List.of(), List.of(), List.of(), List.of(), List.of(), null, List.of(), List.of(),
                List.of(), List.of(), List.of(), null, null, null, null, null, null, null, null, Env.EMPTY);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        for (T t : b) if (!out.contains(t)) out.add(t);
        return List.copyOf(out);
    }

    private static <T> T or(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
