package dev.sandtrace.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Named syscall groups for {@code [syscalls] deny}, after systemd's @-sets where they exist (systemd.exec(5)). */
public final class SyscallGroups {
    private SyscallGroups() {}

    public static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("@clock", List.of("adjtimex", "clock_adjtime", "clock_settime", "settimeofday"));
        GROUPS.put("@cpu-emulation", List.of("modify_ldt", "vm86", "vm86old"));
        GROUPS.put("@debug", List.of("lookup_dcookie", "perf_event_open", "pidfd_getfd", "ptrace", "process_vm_readv", "process_vm_writev"));
        GROUPS.put("@keyring", List.of("add_key", "keyctl", "request_key"));
        GROUPS.put("@module", List.of("delete_module", "finit_module", "init_module"));
        GROUPS.put("@mount", List.of("mount", "umount2", "pivot_root", "fsopen", "fsmount", "open_tree", "move_mount",
                "fspick", "fsconfig", "mount_setattr", "open_tree_attr"));
        GROUPS.put("@obsolete", List.of("_sysctl", "afs_syscall", "create_module", "get_kernel_syms", "getpmsg", "putpmsg",
                "query_module", "security", "sysfs", "tuxcall", "uselib", "ustat", "vserver"));
        GROUPS.put("@raw-io", List.of("ioperm", "iopl", "pciconfig_iobase", "pciconfig_read", "pciconfig_write",
                "process_vm_readv", "process_vm_writev"));
        GROUPS.put("@reboot", List.of("kexec_file_load", "kexec_load", "reboot"));
        GROUPS.put("@swap", List.of("swapoff", "swapon"));
        GROUPS.put("@privileged", List.of("acct", "bpf", "capset", "chroot", "fanotify_init", "open_by_handle_at",
                "pivot_root", "quotactl", "setdomainname", "sethostname", "setfsgid", "setfsuid", "setgid", "setgroups",
                "setregid", "setresgid", "setresuid", "setreuid", "setuid", "chown", "fchown", "fchownat", "lchown",
                "nfsservctl", "@clock", "@module", "@raw-io", "@reboot", "@swap"));
    }

    /** The syscall names of a group, nested groups expanded; null for an unknown group. */
    public static List<String> expand(String group) {
        List<String> members = GROUPS.get(group);
        if (members == null) return null;
        return members.stream().flatMap(m -> m.startsWith("@") ? expand(m).stream() : java.util.stream.Stream.of(m)).distinct().toList();
    }
}
