package io.meserp.hub.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * The hub as a separate JVM ({@code java -jar} of the jar the build made), for tests that kill it with SIGKILL and
 * start it again: same arguments, same data directory and database, a fresh process. It starts from the jar as the image
 * prepares it ({@link #prepared()}), which takes about half the time of a start from the packed jar.
 */
public class HubJvm implements AutoCloseable {

    /** Where the jar of this test run is prepared, once, for every hub JVM the run starts. */
    private static final Path PREPARED = Path.of("target/hub-prepared");
    private static Path preparedJar;

    private final String name;
    private final int port;
    private final List<String> args;
    private final Path log;
    private final String heap;
    private final List<String> jvm;
    private Path launched;
    private Process process;
    private volatile String lastHealth = "none yet";

    /** Test JVM settings: the serial collector and the C1 compiler only (quick to start, light on two cores). */
    public static final List<String> TEST_JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    public HubJvm(String name, int port, Path log, String heap, List<String> args) {
        this(name, port, log, heap, args, TEST_JVM);
    }

    /** With the JVM's own options ({@code List.of()}: the JVM's defaults, as {@code java -jar} in production). */
    public HubJvm(String name, int port, Path log, String heap, List<String> args, List<String> jvm) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.heap = heap;
        this.args = List.copyOf(args);
        this.jvm = List.copyOf(jvm);
    }

    /** Starts {@code jar} instead of the one the build made (the hub prepared as the image has it: bin/prepare-hub.sh). */
    public HubJvm launching(Path jar) {
        this.launched = jar;
        return this;
    }

    /**
     * The build's jar prepared once per test run as the image has it (bin/prepare-hub.sh: unpacked, with a class-data
     * archive of a start), and the options that start it. The suite starts some forty hub and ERP JVMs; on two cores
     * each took about 17 s from the packed jar.
     */
    static synchronized List<String> prepared() {
        if (preparedJar == null) {
            Path log = Path.of("target/hub-prepared.log").toAbsolutePath();
            try {
                Process prepare = new ProcessBuilder("sh", "bin/prepare-hub.sh", jar().toString(),
                        PREPARED.toAbsolutePath().toString()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                if (prepare.waitFor() != 0) {
                    throw new IllegalStateException("bin/prepare-hub.sh failed; see " + log);
                }
            } catch (IOException e) {
                throw new IllegalStateException("bin/prepare-hub.sh could not run; see " + log, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            preparedJar = PREPARED.resolve("app/mes-erp-hub.jar").toAbsolutePath();
        }
        return List.of("-XX:SharedArchiveFile=" + PREPARED.resolve("hub.jsa").toAbsolutePath(),
                "-jar", preparedJar.toString());
    }

    public static Path jar() {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("mes-erp-hub-.*\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no hub jar in target/ (mvn package)"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The process id of the running JVM (for jcmd, jstat and /proc). */
    public long pid() {
        return process.pid();
    }

    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    /**
     * Starts the JVM and waits until it reports healthy. If it does not within three minutes, the failure says why: the
     * last answer of its health endpoint, and the details it gives a logged-in user of the embedded profile.
     */
    public void start() throws IOException {
        launch();
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
                }
                return healthy();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException(name + " did not report healthy within 3 minutes (see " + log + "); last"
                    + " answer: " + lastHealth + "; with details: " + healthDetails(), e);
        }
    }

    /** The health endpoint's details as the embedded profile's viewer sees them (waits up to 30 s for them). */
    private String healthDetails() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/actuator/health")))
                    .header("Authorization", SandboxErp.basic("viewer", "viewer")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    /** Starts the JVM without waiting for it. */
    public void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+ExitOnOutOfMemoryError"));
        if (heap != null) {
            command.add("-Xmx" + heap);
        }
        command.addAll(jvm);
        command.addAll(launched != null ? List.of("-jar", launched.toAbsolutePath().toString()) : prepared());
        command.add("--server.port=" + port);
        if (args.stream().noneMatch(a -> a.startsWith("--hub.channels.acceptor="))) {
            // no plant acceptor on a fixed port unless the test asks for one (several hubs may run at once)
            command.add("--hub.channels.acceptor=");
        }
        command.addAll(args);
        Files.createDirectories(log.getParent());
        process = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hooks, no graceful stop, in-flight work cut off wherever it is. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
        }
    }

    @Override
    public void close() {
        kill();
    }

    public boolean healthy() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/actuator/health")))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            lastHealth = r.statusCode() + " " + r.body();
            return r.statusCode() == 200 && r.body().contains("\"UP\"");
        } catch (IOException e) {
            lastHealth = e.toString();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
