package dev.orrery.placement.compare;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ManifestWork writes an ITS has served, from its kube-apiserver's own {@code
 * apiserver_request_total} (verbs POST, PUT, PATCH, APPLY, DELETE, DELETECOLLECTION): the same
 * count whichever client wrote them.
 */
final class ItsWrites {
  private static final Pattern LINE =
      Pattern.compile("^apiserver_request_total\\{([^}]*)\\} ([0-9.e+]+)$", Pattern.MULTILINE);
  private static final Set<String> WRITE_VERBS =
      Set.of("POST", "PUT", "PATCH", "APPLY", "DELETE", "DELETECOLLECTION");

  private ItsWrites() {}

  static long manifestWorkWrites(KubernetesClient its) {
    String metrics = null;
    for (int attempt = 1; metrics == null; attempt++) {
      try {
        metrics = its.raw(its.getMasterUrl().toString().replaceAll("/$", "") + "/metrics");
      } catch (KubernetesClientException e) {
        if (attempt == 5) {
          throw e; // a starved API server may miss one deadline, not five
        }
      }
    }
    if (metrics == null) {
      throw new IllegalStateException("the ITS served no metrics");
    }
    long total = 0;
    Matcher m = LINE.matcher(metrics);
    while (m.find()) {
      String labels = m.group(1);
      if (labels.contains("resource=\"manifestworks\"")
          && !labels.contains("subresource=\"status\"")
          && WRITE_VERBS.contains(label(labels, "verb"))) {
        total += (long) Double.parseDouble(m.group(2));
      }
    }
    return total;
  }

  private static String label(String labels, String name) {
    Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(labels);
    return m.find() ? m.group(1) : "";
  }
}
