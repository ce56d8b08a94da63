package dev.orrery.spaces.gitea;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback HTTP endpoint that records every webhook delivery it receives. */
final class WebhookReceiver implements AutoCloseable {
  /** One delivery: the event header, the signature header and the raw body. */
  record Delivery(String event, String signature, String body) {}

  private final HttpServer server;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hook", this::receive);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  private void receive(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      deliveries.add(
          new Delivery(
              exchange.getRequestHeaders().getFirst("X-Gitea-Event"),
              exchange.getRequestHeaders().getFirst("X-Gitea-Signature"),
              body));
      exchange.sendResponseHeaders(204, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
