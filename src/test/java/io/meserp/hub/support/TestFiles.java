package io.meserp.hub.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/** File helpers for tests: a data directory of one's own, and dropping a file as a plant does. */
public final class TestFiles {

    private TestFiles() {
    }

    public static Path newDataDir() {
        try {
            Path target = Path.of("target", "test-data");
            Files.createDirectories(target);
            return Files.createTempDirectory(target.toAbsolutePath(), "hub-" + UUID.randomUUID().toString().substring(0, 8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Written under a temporary name (which the inbox route ignores), then renamed into the inbox. */
    public static void drop(Path dataDir, String plant, String name, byte[] content) {
        try {
            Path inbox = dataDir.resolve("plants").resolve(plant).resolve("inbox");
            Path tmp = inbox.resolve(name + ".tmp");
            Files.write(tmp, content);
            Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
