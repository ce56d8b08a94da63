package dev.orrery.app.ha;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.Set;

/**
 * Refuses every write request of the client it is installed in while the {@link WriteFence} is
 * closed; reads (GET, and so LIST and WATCH) always pass, and so do CRDs, which every replica
 * applies alike at start. The request fails with {@link FencedWriteException} before it is sent.
 */
public final class FencingInterceptor implements Interceptor {
  /** The name it is installed under. */
  public static final String NAME = "orrery-write-fence";

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
  private final WriteFence fence;

  public FencingInterceptor(WriteFence fence) {
    this.fence = fence;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    if (refuses(request.method(), request.uri().getPath())) {
      throw new FencedWriteException(request.method() + " " + request.uri().getPath());
    }
  }

  /** Whether a request with this method to this path is refused now. */
  boolean refuses(String method, String path) {
    return !READS.contains(method)
        && !path.startsWith("/apis/apiextensions.k8s.io/")
        && !fence.permitsWrites();
  }

  /** A write refused because this replica does not (or may no longer) lead. */
  public static final class FencedWriteException extends IllegalStateException {
    FencedWriteException(String request) {
      super("not the leader: refused " + request);
    }
  }
}
