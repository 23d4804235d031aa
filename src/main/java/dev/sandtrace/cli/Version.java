package dev.sandtrace.cli;

import picocli.CommandLine;

/** The version from the jar manifest ("dev" when run from classes). */
public final class Version implements CommandLine.IVersionProvider {
    public static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"sandtrace " + get(), "Java " + Runtime.version() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version")};
    }
}
