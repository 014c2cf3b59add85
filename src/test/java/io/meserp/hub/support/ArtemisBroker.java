package io.meserp.hub.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A standalone Apache Artemis broker process for crash tests: the apache-artemis distribution from Maven Central
 * (unpacked into target/artemis by the build), an instance created with a login required, the hub's own broker policy
 * (docker/artemis/broker.xml) on a free port. It can be killed with SIGKILL and started again on the same journal.
 */
public class ArtemisBroker implements AutoCloseable {

    public static final String USER = "hub";
    public static final String PASSWORD = "Broker-Test-Secret-71";

    private final Path instance;
    private final int port;
    private Process process;
    private String javaArgs;

    private ArtemisBroker(Path instance, int port) {
        this.instance = instance;
        this.port = port;
    }

    /** Whether the build unpacked the distribution (it does in the integration-test phase). */
    public static boolean available() {
        return home().isPresent();
    }

    static java.util.Optional<Path> home() {
        Path root = Path.of("target/artemis");
        if (!Files.isDirectory(root)) {
            return java.util.Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/artemis"))).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** Creates a fresh instance below {@code dir}. */
    public static ArtemisBroker create(Path dir) throws IOException, InterruptedException {
        Path home = home().orElseThrow(() -> new IllegalStateException("no Artemis distribution in target/artemis"));
        Path instance = dir.resolve("broker").toAbsolutePath();
        run(List.of(home.resolve("bin/artemis").toString(), "create", instance.toString(), "--silent", "--require-login",
                "--user", USER, "--password", PASSWORD, "--no-web", "--no-autotune"), dir.resolve("create.log"));
        int port = HubJvm.freePort();
        String policy = Files.readString(Path.of("docker/artemis/broker.xml"), StandardCharsets.UTF_8)
                .replace("tcp://0.0.0.0:61616", "tcp://127.0.0.1:" + port);
        Files.writeString(instance.resolve("etc/broker.xml"), policy, StandardCharsets.UTF_8);
        return new ArtemisBroker(instance, port);
    }

    /**
     * One broker of the replicated pair of docker/compose.yaml (docker/artemis/ha/{@code role}.xml), on this machine: the
     * pair's host names become 127.0.0.1 with the ports given, the edges' TLS acceptor is left out, and the cluster
     * password is the system property the file asks for.
     */
    public static ArtemisBroker createPairMember(Path dir, String role, int port, int peerPort)
            throws IOException, InterruptedException {
        Path home = home().orElseThrow(() -> new IllegalStateException("no Artemis distribution in target/artemis"));
        Path instance = dir.resolve("broker-" + role).toAbsolutePath();
        run(List.of(home.resolve("bin/artemis").toString(), "create", instance.toString(), "--silent", "--require-login",
                "--user", USER, "--password", PASSWORD, "--no-web", "--no-autotune"), dir.resolve("create-" + role + ".log"));
        String peer = role.equals("primary") ? "backup" : "primary";
        String config = Files.readString(Path.of("docker/artemis/ha/" + role + ".xml"), StandardCharsets.UTF_8)
                .replace("tcp://0.0.0.0:61616", "tcp://127.0.0.1:" + port)
                .replace("tcp://artemis-" + role + ":61616", "tcp://127.0.0.1:" + port)
                .replace("tcp://artemis-" + peer + ":61616", "tcp://127.0.0.1:" + peerPort)
                .replaceAll("(?m)^\\s*<acceptor name=\"edges\">.*</acceptor>\\s*$", "");
        Files.writeString(instance.resolve("etc/broker.xml"), config, StandardCharsets.UTF_8);
        ArtemisBroker broker = new ArtemisBroker(instance, port);
        broker.javaArgs = "-Dhub.cluster.password=Pair-Cluster-Test-Secret-3";
        return broker;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** What the broker printed (its console log). */
    public String console() throws IOException {
        Path log = instance.resolve("log/console.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /**
     * A login for a plant site (before start): plain text in the instance's user file, as Artemis' properties login
     * module accepts it, with role {@code plant:<plant>} for each plant (it may send to their inbound addresses only).
     */
    public void addPlantUser(String user, String password, String... plants) throws IOException {
        Files.writeString(instance.resolve("etc/artemis-users.properties"), System.lineSeparator() + user + " = "
                + password + System.lineSeparator(), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        StringBuilder roles = new StringBuilder(System.lineSeparator());
        for (String plant : plants) {
            roles.append("plant\\:").append(plant).append(" = ").append(user).append(System.lineSeparator());
        }
        Files.writeString(instance.resolve("etc/artemis-roles.properties"), roles.toString(), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
    }

    /**
     * A second acceptor for edge sites (before start), Core over TLS with the given PKCS#12 key store; returns its URL
     * without the client's trust settings.
     */
    public String addTlsAcceptor(Path keyStore, String password) throws IOException {
        int tlsPort = HubJvm.freePort();
        Path xml = instance.resolve("etc/broker.xml");
        String config = Files.readString(xml, StandardCharsets.UTF_8);
        String acceptor = "<acceptor name=\"edges\">tcp://127.0.0.1:" + tlsPort + "?protocols=CORE;sslEnabled=true;keyStorePath="
                + keyStore.toAbsolutePath() + ";keyStorePassword=" + password + ";keyStoreType=PKCS12</acceptor>";
        if (!config.contains("</acceptors>")) {
            throw new IllegalStateException("no <acceptors> in " + xml);
        }
        Files.writeString(xml, config.replace("</acceptors>", acceptor + "</acceptors>"), StandardCharsets.UTF_8);
        return "tcp://127.0.0.1:" + tlsPort + "?sslEnabled=true";
    }

    public void start() throws IOException {
        launch();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(this::listening);
    }

    /** Starts the process without waiting for its acceptor: a backup opens it only once it takes over. */
    public void launch() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(instance.resolve("bin/artemis").toString(), "run")
                .directory(instance.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(instance.resolve("log/console.log").toFile()));
        builder.environment().put("JAVA_ARGS", "-Xms64m -Xmx512m");
        if (javaArgs != null) {
            builder.environment().put("JAVA_ARGS_APPEND", javaArgs);
        }
        Files.createDirectories(instance.resolve("log"));
        process = builder.start();
    }

    /** SIGKILL: the broker and its JVM die at once, with whatever the journal holds. */
    public void kill() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive() && !listening());
        }
    }

    @Override
    public void close() {
        kill();
    }

    public boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(log));
        }
    }
}
