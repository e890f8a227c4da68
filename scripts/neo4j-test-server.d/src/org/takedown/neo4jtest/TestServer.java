package org.takedown.neo4jtest;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.server.CommunityBootstrapper;

/**
 * A throwaway Neo4j Community server for the Takedown test suite.
 *
 * <p>It boots the same way as the {@code neo4j console} launcher (through
 * {@link CommunityBootstrapper}), with every setting passed in from
 * {@code scripts/neo4j-test-server}, so the Bolt protocol, authentication,
 * routing procedures and (optionally) the HTTP API behave as in a real server.
 *
 * <p>Once the DBMS has started it sets the password of user {@code neo4j}
 * (skipped when the data directory's marker file says it already has it),
 * runs {@code RETURN 1} through the embedded API, then again over Bolt with
 * the Java driver (both {@code bolt://} and the routing {@code neo4j://}
 * scheme, with the configured credentials), and only then prints a line
 * starting with {@code READY} on stdout. Any failure prints {@code FAILED}
 * and exits non-zero.
 *
 * <p>Shutdown: the bootstrapper installs a SIGTERM/SIGINT handler and a JVM
 * shutdown hook that shuts the DBMS down (checkpoint, close stores), so
 * {@code kill -TERM <pid>} stops the server cleanly.
 *
 * <p>Usage: {@code TestServer HOME_DIR WITH_GDS key=value...}, where each
 * key=value is a Neo4j setting. The password of user {@code neo4j} comes from
 * the environment variable {@code NEO4J_TEST_SERVER_PASSWORD}, so it does not
 * show in the process list.
 */
public final class TestServer {
    private TestServer() {}

    public static void main(String[] args) throws Exception {
        // Neo4j redirects System.out/err into its own log once it starts;
        // keep the original stream for the READY/FAILED protocol lines.
        PrintStream out = System.out;
        String password = System.getenv("NEO4J_TEST_SERVER_PASSWORD");
        if (args.length < 2 || password == null || password.isEmpty()) {
            out.println("FAILED usage: NEO4J_TEST_SERVER_PASSWORD=... TestServer HOME_DIR WITH_GDS [setting=value...]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        boolean withGds = Boolean.parseBoolean(args[1]);
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                out.println("FAILED bad setting (want key=value): " + args[i]);
                System.exit(2);
            }
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Files.createDirectories(home);

        long t0 = System.nanoTime();
        CommunityBootstrapper bootstrapper = new CommunityBootstrapper();
        int rc = bootstrapper.start(home, settings);
        if (rc != 0) {
            out.println("FAILED Neo4j bootstrapper exited with code " + rc + " (see logs/neo4j.log)");
            out.flush();
            System.exit(rc);
        }
        try {
            DatabaseManagementService dbms = bootstrapper.getDatabaseManagementService();
            Path marker = Path.of(settings.getOrDefault("server.directories.data", home.resolve("data").toString()))
                    .resolve(".neo4j-test-server-auth");
            String digest = sha256(password);
            boolean passwordSet = false;
            if (!Files.isRegularFile(marker) || !Files.readString(marker).trim().equals(digest)) {
                setPassword(dbms.database("system"), password);
                Files.writeString(marker, digest + "\n");
                passwordSet = true;
            }

            GraphDatabaseService db = dbms.database("neo4j");
            long one = db.executeTransactionally("RETURN 1 AS one", Map.of(),
                    r -> ((Number) r.next().get("one")).longValue());
            if (one != 1) {
                throw new IllegalStateException("embedded RETURN 1 gave " + one);
            }

            String gdsVersion = null;
            if (withGds) {
                gdsVersion = db.executeTransactionally("CALL gds.version() YIELD gdsVersion RETURN gdsVersion",
                        Map.of(), r -> String.valueOf(r.next().get("gdsVersion")));
            }

            // Connect where clients do (the listen address). With neo4j:// the
            // driver first asks for a routing table and then uses the addresses
            // in it, so this also checks that routing works.
            String bolt = settings.getOrDefault("server.bolt.listen_address", "127.0.0.1:7687");
            try {
                checkOverBolt("bolt://" + bolt, password);
            } catch (IllegalStateException e) {
                if (passwordSet || !(e.getCause() instanceof AuthenticationException)) {
                    throw e;
                }
                // The password was changed since the marker was written.
                setPassword(dbms.database("system"), password);
                checkOverBolt("bolt://" + bolt, password);
            }
            checkOverBolt("neo4j://" + bolt, password);

            long ms = (System.nanoTime() - t0) / 1_000_000;
            out.println("READY bolt://" + bolt + " neo4j=" + org.neo4j.kernel.internal.Version.getNeo4jVersion()
                    + (gdsVersion != null ? " gds=" + gdsVersion : "") + " startup_ms=" + ms);
            out.flush();
        } catch (Throwable e) {
            out.println("FAILED " + e);
            e.printStackTrace(out);
            out.flush();
            bootstrapper.stop();
            System.exit(1);
        }

        // Serve until SIGTERM/SIGINT; the bootstrapper's shutdown hook stops the DBMS.
        new CountDownLatch(1).await();
    }

    /** Sets the neo4j user's password (idempotent: the same password again is fine). */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            String msg = String.valueOf(e.getMessage());
            if (!msg.contains("cannot be the same")) {
                throw e;
            }
            // Already set from an earlier start with the same data directory; make
            // sure no password change is pending.
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
        }
    }

    private static String sha256(String s) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte b : d) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    private static void checkOverBolt(String uri, String password) {
        try (Driver driver = GraphDatabase.driver(uri, AuthTokens.basic("neo4j", password));
             Session session = driver.session(SessionConfig.forDatabase("neo4j"))) {
            driver.verifyConnectivity();
            long one = session.run("RETURN 1 AS one").single().get("one").asLong();
            if (one != 1) {
                throw new IllegalStateException(uri + ": RETURN 1 gave " + one);
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException("query over " + uri + " failed: " + e, e);
        }
    }
}
