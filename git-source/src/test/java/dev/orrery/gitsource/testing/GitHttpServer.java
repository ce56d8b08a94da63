package dev.orrery.gitsource.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * Serves the bare repositories under a directory over smart HTTP on loopback, by running the
 * system's {@code git http-backend} as a CGI program behind the JDK's HTTP server. Optionally
 * enforces basic auth with one user name and token (any user name, like the forges, when {@code
 * anyUser}); pushes are allowed for authenticated users.
 */
public final class GitHttpServer implements AutoCloseable {

  private final Path projectRoot;
  private final String username;
  private final String token;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final AtomicInteger unauthorized = new AtomicInteger();
  private final AtomicInteger packRequests = new AtomicInteger();

  private GitHttpServer(Path projectRoot, String username, String token) throws IOException {
    this.projectRoot = projectRoot;
    this.username = username;
    this.token = token;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A server without authentication. */
  public static GitHttpServer anonymous(Path projectRoot) throws IOException {
    return new GitHttpServer(projectRoot, null, null);
  }

  /** A server accepting only basic auth with this user name and token. */
  public static GitHttpServer withToken(Path projectRoot, String username, String token)
      throws IOException {
    return new GitHttpServer(projectRoot, username, token);
  }

  /** The URL of a repository directory under the project root. */
  public String url(String repository) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + repository;
  }

  /** How many requests were refused for missing or wrong credentials. */
  public int unauthorizedRequests() {
    return unauthorized.get();
  }

  /** How many fetch requests (upload-pack POSTs that ask for objects with "want") were served. */
  public int fetchRequests() {
    return packRequests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (token != null && !authorized(exchange)) {
        unauthorized.incrementAndGet();
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (exchange.getRequestURI().getPath().endsWith("/git-upload-pack")
          && decoded(exchange, body).contains("want ")) {
        packRequests.incrementAndGet();
      }
      runBackend(exchange, body);
    }
  }

  private boolean authorized(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.startsWith("Basic ")) {
      return false;
    }
    String decoded =
        new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    return decoded.equals(username + ":" + token);
  }

  private static String decoded(HttpExchange exchange, byte[] body) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    if (encoding != null && encoding.contains("gzip")) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      }
    }
    return new String(body, StandardCharsets.ISO_8859_1);
  }

  private void runBackend(HttpExchange exchange, byte[] requestBody) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
    Map<String, String> env = pb.environment();
    env.put("GIT_PROJECT_ROOT", projectRoot.toString());
    env.put("GIT_HTTP_EXPORT_ALL", "1");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", "/dev/null");
    env.put("REQUEST_METHOD", exchange.getRequestMethod());
    env.put("PATH_INFO", exchange.getRequestURI().getPath());
    String query = exchange.getRequestURI().getRawQuery();
    env.put("QUERY_STRING", query == null ? "" : query);
    env.put("REMOTE_USER", username == null ? "anonymous" : username);
    env.put("REMOTE_ADDR", "127.0.0.1");
    env.put("SERVER_PROTOCOL", "HTTP/1.1");
    env.put("GATEWAY_INTERFACE", "CGI/1.1");
    copyHeader(exchange, "Content-Type", env, "CONTENT_TYPE");
    copyHeader(exchange, "Content-Encoding", env, "HTTP_CONTENT_ENCODING");
    copyHeader(exchange, "Git-Protocol", env, "GIT_PROTOCOL");
    Process process = pb.start();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    var feeder =
        executor.submit(
            () -> {
              try (OutputStream out = process.getOutputStream()) {
                out.write(requestBody);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              return null;
            });
    var drainer = executor.submit(() -> process.getErrorStream().transferTo(errors));
    try (InputStream out = process.getInputStream()) {
      int status = 200;
      String line;
      while (!(line = readLine(out)).isEmpty()) {
        int colon = line.indexOf(':');
        String name = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Status")) {
          status = Integer.parseInt(value.split(" ")[0]);
        } else {
          exchange.getResponseHeaders().add(name, value);
        }
      }
      exchange.sendResponseHeaders(status, 0);
      try (OutputStream body = exchange.getResponseBody()) {
        out.transferTo(body);
      }
      feeder.get();
      drainer.get();
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } catch (ExecutionException e) {
      throw new IOException("git http-backend failed: " + errors, e);
    }
  }

  private static void copyHeader(
      HttpExchange exchange, String header, Map<String, String> env, String variable) {
    String value = exchange.getRequestHeaders().getFirst(header);
    if (value != null) {
      env.put(variable, value);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
