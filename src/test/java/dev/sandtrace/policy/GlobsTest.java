package dev.sandtrace.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobsTest {
    @TempDir
    Path tmp;

    @Test
    void starStaysInOneComponentDoubleStarCrossesThem() throws IOException {
        for (String p : new String[] {"home/alice/.ssh/id_rsa", "home/bob/.ssh/id_rsa", "home/bob/deep/x/.ssh/key", "home/carol/notes"}) {
            Files.createDirectories(tmp.resolve(p).getParent());
            Files.writeString(tmp.resolve(p), "x");
        }
        assertThat(Globs.expand(tmp + "/home/*/.ssh")).containsExactly(tmp.resolve("home/alice/.ssh"), tmp.resolve("home/bob/.ssh"));
        assertThat(Globs.expand(tmp + "/home/**/.ssh")).contains(tmp.resolve("home/bob/deep/x/.ssh"));
        assertThat(Globs.expand(tmp + "/home/?ob/.ssh")).containsExactly(tmp.resolve("home/bob/.ssh"));
        assertThat(Globs.expand(tmp + "/home/[ac]*/.ssh")).containsExactly(tmp.resolve("home/alice/.ssh"));
        assertThat(Globs.expand(tmp + "/nothing/*")).isEmpty();
        assertThat(Globs.expand(tmp + "/home/carol/notes")).containsExactly(tmp.resolve("home/carol/notes"));
    }
}
