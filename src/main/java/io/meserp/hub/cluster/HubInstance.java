package io.meserp.hub.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * This hub among the hubs that share a broker, a database and the plant folders: its id ({@code hub.cluster.instance-id})
 * and its liveness file, {@code <hub.cluster.dir>/instances/<id>.lock}, which it holds locked while it runs. The
 * operating system (or the file server) lets the lock go when the process ends, however it ends, so another hub can
 * tell that this one stopped by taking the lock, and then finish what it had left half done (a plant file it was
 * reading). Two running hubs cannot share an id: the second does not start.
 */
@Component
public class HubInstance {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HubInstance.class);

    private final String id;
    private final Path instances;
    private final FileChannel channel;
    private final FileLock lock;

    public HubInstance(@Value("${hub.cluster.instance-id}") String id, @Value("${hub.cluster.dir}") Path dir) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalStateException("hub.cluster.instance-id '" + id + "' is not a valid id: letters, digits, '.',"
                    + " '_' and '-', at most 100, starting with a letter or digit");
        }
        this.id = id;
        this.instances = dir.toAbsolutePath().normalize().resolve("instances");
        try {
            Files.createDirectories(instances);
            this.channel = FileChannel.open(instances.resolve(id + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            this.lock = tryLock(channel);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open this hub's liveness file in " + instances, e);
        }
        if (lock == null) {
            close(channel);
            throw new IllegalStateException("Another running hub uses hub.cluster.instance-id '" + id + "' (it holds "
                    + instances.resolve(id + ".lock") + "): give each hub an id of its own (HUB_INSTANCE_ID)");
        }
        LOG.info("This hub is instance {} (liveness file {})", id, instances.resolve(id + ".lock"));
    }

    /** This hub's id, as the ledger records it. */
    public String id() {
        return id;
    }

    /**
     * Runs {@code work} if the hub {@code other} is not running (it holds no lock on its liveness file), holding that
     * lock meanwhile so that the other hub cannot start, nor a third hub do the same work, until it is done. Returns
     * whether it ran. A hub that never ran here counts as stopped.
     */
    public boolean whileStopped(String other, Runnable work) {
        if (other.equals(id) || !ID.matcher(other).matches()) {
            return false;
        }
        try (FileChannel theirs = FileChannel.open(instances.resolve(other + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock held = tryLock(theirs);
            if (held == null) {
                return false;
            }
            try {
                work.run();
                return true;
            } finally {
                held.release();
            }
        } catch (IOException e) {
            LOG.warn("Cannot tell whether hub {} runs (its liveness file in {}): {}", other, instances, e.toString());
            return false;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            return null;
        }
    }

    @PreDestroy
    void release() {
        try {
            lock.release();
        } catch (IOException e) {
            // the process ends, and the lock with it
        }
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing held
        }
    }
}
