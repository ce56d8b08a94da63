package dev.orrery.tests.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The Helm chart in {@code deploy/orrery}: where it is, and its objects as {@code helm template}
 * renders them.
 */
final class DeployChart {
  static final String RELEASE = "orrery";
  static final String NAMESPACE = "orrery-system";

  /**
   * The Kubernetes version of the local spaces (helm template otherwise assumes an old default).
   */
  static final String KUBE_VERSION = "1.36.1";

  private DeployChart() {}

  /**
   * The repository root: {@code orrery.root} (set by Failsafe), else the nearest folder up that
   * holds the chart.
   */
  static Path root() {
    String configured = System.getProperty("orrery.root");
    if (configured != null && Files.isDirectory(Path.of(configured, "deploy", "orrery"))) {
      return Path.of(configured);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("deploy/orrery/Chart.yaml"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "no deploy/orrery/Chart.yaml above " + Path.of("").toAbsolutePath());
  }

  static Path chart() {
    return root().resolve("deploy/orrery");
  }

  /**
   * {@code helm template orrery deploy/orrery -n orrery-system --set k=v ...}, CRDs included, as
   * objects in order.
   */
  static List<GenericKubernetesResource> render(Map<String, Object> values) {
    return parse(template(values));
  }

  /** The rendered text. */
  static String template(Map<String, Object> values) {
    TemplateCommand template =
        new Helm(chart())
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
    values.forEach(template::set);
    return template.call();
  }

  /** Splits multi-document YAML into objects, skipping empty documents. */
  static List<GenericKubernetesResource> parse(String yaml) {
    List<GenericKubernetesResource> objects = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      boolean empty =
          doc.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"));
      if (!empty) {
        objects.add(Serialization.unmarshal(doc, GenericKubernetesResource.class));
      }
    }
    return objects;
  }

  static Optional<GenericKubernetesResource> find(
      List<GenericKubernetesResource> objects, String kind, String name) {
    return objects.stream()
        .filter(o -> kind.equals(o.getKind()) && name.equals(o.getMetadata().getName()))
        .findFirst();
  }

  static GenericKubernetesResource get(
      List<GenericKubernetesResource> objects, String kind, String name) {
    return find(objects, kind, name)
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    "no "
                        + kind
                        + " "
                        + name
                        + " in "
                        + objects.stream()
                            .map(o -> o.getKind() + "/" + o.getMetadata().getName())
                            .toList()));
  }

  /**
   * A value at a path of map keys and list indexes, e.g. {@code at(deployment, "spec",
   * "replicas")}.
   */
  static Object at(GenericKubernetesResource object, Object... path) {
    Object current = Serialization.jsonMapper().convertValue(object, Map.class);
    for (Object step : path) {
      if (step instanceof Integer i) {
        current = ((List<?>) current).get(i);
      } else {
        current = current == null ? null : ((Map<?, ?>) current).get(step);
      }
    }
    return current;
  }
}
