package dev.sandtrace.learn;

import java.util.List;

/**
 * A policy learned from one run, every entry with the reason it is there; {@link PolicyWriter}
 * turns it into TOML. {@code memory} null: not observed, the base's value stays.
 */
public record LearnedPolicy(List<String> header, List<Rule> rules, List<Entry> deny, Network network,
        List<SyscallDenials.Denial> syscalls, Limits limits) {

    /** A deny-list path and why it is there. */
    public record Entry(String path, String why) {}

    /** {@code allowHosts}: non-empty when the run went through the egress proxy, then the rest is off. */
    public record Network(boolean allow, String why, List<Integer> connectPorts, String connectWhy, List<Integer> bindPorts,
            String bindWhy, List<String> allowHosts) {
        public Network(boolean allow, String why, List<Integer> connectPorts, String connectWhy, List<Integer> bindPorts,
                String bindWhy) {
            this(allow, why, connectPorts, connectWhy, bindPorts, bindWhy, List.of());
        }
    }

    public record Limits(long timeoutSeconds, String timeoutWhy, long processes, String processesWhy, long openFiles,
            String openFilesWhy) {}
}
