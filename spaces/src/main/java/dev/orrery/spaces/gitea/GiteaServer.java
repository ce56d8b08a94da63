package dev.orrery.spaces.gitea;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orrery.spaces.ChildProcess;
import dev.orrery.spaces.FreePorts;
import dev.orrery.spaces.SpacesException;
import dev.orrery.spaces.StartupWait;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Gitea forge for tests: {@code gitea web} as a child process on a free loopback port with a
 * SQLite database under its directory, an admin user {@value #ADMIN_USER} and an API token. Closing
 * it stops the process.
 */
public final class GiteaServer implements AutoCloseable {
  /** The admin user that owns the repositories made with {@link #createRepository(String)}. */
  public static final String ADMIN_USER = "orrery";

  private static final Logger LOG = LoggerFactory.getLogger(GiteaServer.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
  private static final HttpClient PROBE =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path directory;
  private final URI baseUrl;
  private final String password;
  private final String token;
  private ChildProcess process; // guarded by this
  private final GiteaClient api;

  private GiteaServer(
      Path directory, URI baseUrl, String password, String token, ChildProcess process) {
    this.directory = directory;
    this.baseUrl = baseUrl;
    this.password = password;
    this.token = token;
    this.process = process;
    this.api = GiteaClient.withToken(baseUrl, token);
  }

  /**
   * Builds gitea if its cache lacks it, then starts a fresh forge keeping its state in {@code dir}.
   */
  public static GiteaServer start(Path dir) {
    return start(GiteaBinary.locate(), dir);
  }

  /**
   * Starts a fresh forge from {@code binary}, keeping its configuration and state in {@code dir}.
   */
  public static GiteaServer start(GiteaBinary binary, Path dir) {
    Path work = dir.toAbsolutePath().normalize();
    SecureRandom random = new SecureRandom();
    GiteaAppIni ini =
        new GiteaAppIni(work, binary.staticRoot(), FreePorts.next(), GiteaSecrets.generate(random));
    Path config = write(work.resolve("app.ini"), ini.render());
    List<String> gitea =
        List.of(
            binary.executable().toString(),
            "--config",
            config.toString(),
            "--work-path",
            work.toString());
    Map<String, String> env = Map.of("HOME", work.resolve("home").toString());
    String password = HexFormat.of().formatHex(randomBytes(random, 16));

    runToCompletion("gitea migrate", concat(gitea, "migrate"), work, env);
    runToCompletion(
        "gitea admin user create",
        concat(
            gitea,
            "admin",
            "user",
            "create",
            "--admin",
            "--username",
            ADMIN_USER,
            "--password",
            password,
            "--email",
            ADMIN_USER + "@orrery.test",
            "--must-change-password=false"),
        work,
        env);
    ChildProcess web =
        ChildProcess.start("gitea", concat(gitea, "web"), work.resolve("logs/gitea-web.out"), env);
    try {
      URI baseUrl = URI.create(ini.rootUrl());
      StartupWait.until("Gitea at " + baseUrl, List.of(web), START_TIMEOUT, () -> answers(baseUrl));
      String token = createToken(baseUrl, password);
      LOG.info(
          "Gitea {} started at {} (pid {}), state in {}",
          version(baseUrl, token),
          baseUrl,
          web.pid(),
          work);
      return new GiteaServer(work, baseUrl, password, token, web);
    } catch (RuntimeException e) {
      web.close();
      throw e;
    }
  }

  /** {@code http://127.0.0.1:<port>/}. */
  public URI baseUrl() {
    return baseUrl;
  }

  public String adminUser() {
    return ADMIN_USER;
  }

  public String adminPassword() {
    return password;
  }

  /** An API token of the admin user with all scopes. */
  public String token() {
    return token;
  }

  /** The REST API, authenticated with {@link #token()}. */
  public GiteaClient api() {
    return api;
  }

  public synchronized ChildProcess process() {
    return process;
  }

  /**
   * Stops {@code gitea web} (clients get connection refused) and keeps its state, so that {@link
   * #resume()} brings the same forge back. Does nothing when it is stopped already.
   */
  public synchronized void stop() {
    if (process.isAlive()) {
      process.close();
    }
  }

  /**
   * Starts {@code gitea web} again with the same command line (same port, database and
   * repositories) and returns once its API answers. Does nothing when it is running.
   */
  public synchronized void resume() {
    if (process.isAlive()) {
      return;
    }
    ChildProcess started = process.again();
    process = started;
    StartupWait.until(
        "Gitea at " + baseUrl + " again", List.of(started), START_TIMEOUT, () -> answers(baseUrl));
    LOG.info("Gitea at {} started again (pid {})", baseUrl, started.pid());
  }

  public Path directory() {
    return directory;
  }

  /** A public repository of the admin user, initialised with a README commit on branch main. */
  public GiteaRepository createRepository(String name) {
    return createRepository(name, false);
  }

  /**
   * A repository of the admin user, initialised with a README commit on branch main; a private one
   * can be read only with credentials (the admin user and {@link #token()}).
   */
  public GiteaRepository createRepository(String name, boolean privateRepository) {
    JsonNode repo =
        api.post(
            "/user/repos",
            Map.of(
                "name",
                name,
                "auto_init",
                true,
                "default_branch",
                "main",
                "private",
                privateRepository));
    return new GiteaRepository(
        repo.path("owner").path("login").asText(),
        repo.path("name").asText(),
        repo.path("default_branch").asText(),
        URI.create(repo.path("clone_url").asText()));
  }

  /** An HTTP clone URL carrying the admin user and token, for pushing with the {@code git} CLI. */
  public URI cloneUrl(String owner, String repo) {
    try {
      return new URI(
          baseUrl.getScheme(),
          ADMIN_USER + ":" + token,
          baseUrl.getHost(),
          baseUrl.getPort(),
          "/" + owner + "/" + repo + ".git",
          null,
          null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a repository name: " + owner + "/" + repo, e);
    }
  }

  /** Stops gitea and waits until it is gone; its directory stays for inspection. */
  @Override
  public synchronized void close() {
    process.close();
  }

  @Override
  public String toString() {
    return "GiteaServer[" + baseUrl + ", " + process + "]";
  }

  private static String createToken(URI baseUrl, String password) {
    JsonNode created =
        GiteaClient.withPassword(baseUrl, ADMIN_USER, password)
            .post(
                "/users/" + ADMIN_USER + "/tokens",
                Map.of("name", "orrery-tests", "scopes", List.of("all")));
    String token = created.path("sha1").asText();
    if (token.isEmpty()) {
      throw new SpacesException("Gitea created a token but did not return it: " + created);
    }
    return token;
  }

  private static String version(URI baseUrl, String token) {
    return GiteaClient.withToken(baseUrl, token).get("/version").path("version").asText();
  }

  private static boolean answers(URI baseUrl) {
    HttpRequest request =
        HttpRequest.newBuilder(baseUrl.resolve("api/v1/version"))
            .timeout(Duration.ofSeconds(2))
            .build();
    try {
      return PROBE.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpacesException("interrupted while waiting for Gitea at " + baseUrl, e);
    }
  }

  private static void runToCompletion(
      String what, List<String> command, Path work, Map<String, String> env) {
    ChildProcess child = ChildProcess.start(what, command, work.resolve("logs/gitea-cli.out"), env);
    int rc = child.waitFor(COMMAND_TIMEOUT);
    if (rc != 0) {
      throw new SpacesException(
          what
              + " failed with exit code "
              + rc
              + "; last lines of "
              + child.log()
              + ":\n"
              + child.tail(20));
    }
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return List.copyOf(all);
  }

  private static byte[] randomBytes(SecureRandom random, int count) {
    byte[] bytes = new byte[count];
    random.nextBytes(bytes);
    return bytes;
  }

  private static Path write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SpacesException("cannot write " + file, e);
    }
  }
}
