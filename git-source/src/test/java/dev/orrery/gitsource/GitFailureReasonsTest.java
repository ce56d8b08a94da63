package dev.orrery.gitsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures retrying cannot cure carry the reason to stall a GitSource with; a network failure is
 * the plain {@link GitSourceException}, without one, so callers retry it with backoff.
 */
class GitFailureReasonsTest {

  @Test
  void permanentFailuresNameTheirStalledReason() {
    assertThat(new GitAuthenticationException("x").stalledReason())
        .contains("AuthenticationFailed");
    assertThat(new RefResolutionException("x").stalledReason()).contains("RefNotFound");
    assertThat(new HostKeyRejectedException("x").stalledReason()).contains("HostKeyRejected");
  }

  @Test
  void aRefusedConnectionIsARetryableFailure(@TempDir Path cacheDir) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/nothing.git";
    try (GitRepositoryCache cache = new GitRepositoryCache(cacheDir)) {
      GitSourceException failure =
          catchThrowableOfType(
              () -> cache.fetch(FetchRequest.of(url, GitRef.branch("main"), GitCredentials.NONE)),
              GitSourceException.class);

      assertThat(failure).isExactlyInstanceOf(GitSourceException.class);
      assertThat(failure.stalledReason()).isEmpty();
      assertThat(failure.getMessage()).contains("127.0.0.1:" + port);
    }
  }
}
