package dev.orrery.spaces;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Hands out loopback ports that are free now and not handed out before in this JVM. */
public final class FreePorts {
  private static final Set<Integer> GIVEN = new HashSet<>();

  private FreePorts() {}

  /** A loopback port that is free now and was not handed out before in this JVM. */
  public static synchronized int next() {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = socket.getLocalPort();
        if (GIVEN.add(port)) {
          return port;
        }
      } catch (IOException e) {
        throw new SpacesException("cannot find a free loopback port", e);
      }
    }
    throw new SpacesException("cannot find a free loopback port after 100 attempts");
  }
}
