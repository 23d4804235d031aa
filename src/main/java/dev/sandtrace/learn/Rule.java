package dev.sandtrace.learn;

import java.util.List;

/** One learned line of a policy: a path, the right it gets, and the accesses that produced it (for its comment). */
public record Rule(String path, Demand.Right right, List<Demand> sources, String why) {}
