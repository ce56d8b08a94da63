package dev.orrery.placement.transport;

import dev.orrery.placement.match.ObjectKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the unstructured OCM ManifestWork ({@code work.open-cluster-management.io/v1}) for one
 * shard of a Binding in a cluster's mailbox namespace.
 *
 * <p>Every manifest gets a {@code manifestConfigs[]} entry at its own index, naming it (the
 * transport reads delivered manifests back by it), with {@code updateStrategy} {@code CreateOnly}
 * for createOnly objects, otherwise {@code ServerSideApply} with field manager {@code work-agent},
 * conflicts reported rather than forced; and, for objects whose kind can have a {@code .status}
 * (not {@link StatuslessResources}), a {@code JSONPaths} feedback rule returning the whole {@code
 * .status} as raw JSON (the work agent must run with its alpha feature gate {@code
 * RawFeedbackJsonString}, off by default, or it returns nothing for a structured path). Defaulted
 * fields are left to the API server; {@link ManifestWorkPlan} tolerates them. The Binding
 * generation goes into annotation {@value #GENERATION_ANNOTATION}, KubeStellar's spelling (the
 * semantics page does not fix a name).
 *
 * @param wdsName the WDS name put in label {@value #WDS_LABEL}
 */
public record ManifestWorkBuilder(String wdsName) {

  /** API version of ManifestWork. */
  public static final String API_VERSION = "work.open-cluster-management.io/v1";

  /** Label naming the Binding a ManifestWork comes from. */
  public static final String BINDING_LABEL =
      "transport.kubestellar.io/originOwnerReferenceBindingKey";

  /** Label naming the WDS a ManifestWork comes from. */
  public static final String WDS_LABEL = "transport.kubestellar.io/originWdsName";

  /** Annotation holding the Binding's {@code metadata.generation}. */
  public static final String GENERATION_ANNOTATION =
      "transport.kubestellar.io/originOwnerReferenceBindingGeneration";

  /** Finalizer on a Binding, removed only after its ManifestWorks are gone. */
  public static final String BINDING_FINALIZER = "transport.kubestellar.io/object-cleanup";

  /** The field manager OCM's work agent requires (a name starting with {@code work-agent}). */
  public static final String FIELD_MANAGER = "work-agent";

  /** Validates the WDS name. */
  public ManifestWorkBuilder {
    Objects.requireNonNull(wdsName, "wdsName");
  }

  /** The ManifestWork for one shard. */
  public Map<String, Object> build(
      String bindingName, long bindingGeneration, String cluster, Shard shard) {
    return build(bindingName, bindingGeneration, cluster, shard, Map.of());
  }

  /** The ManifestWork for one shard, with {@code annotations} besides the generation's. */
  public Map<String, Object> build(
      String bindingName,
      long bindingGeneration,
      String cluster,
      Shard shard,
      Map<String, String> annotations) {
    return build(bindingName, bindingGeneration, cluster, shard.name(), spec(shard), annotations);
  }

  /**
   * The ManifestWork named {@code name} with a {@code spec} from {@link #spec}, which it shares:
   * clusters that get the same shard can get one spec.
   */
  public Map<String, Object> build(
      String bindingName,
      long bindingGeneration,
      String cluster,
      String name,
      Map<String, Object> spec,
      Map<String, String> annotations) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    metadata.put("namespace", cluster);
    metadata.put("labels", Map.copyOf(labels(bindingName)));
    Map<String, String> allAnnotations = new LinkedHashMap<>(annotations);
    allAnnotations.put(GENERATION_ANNOTATION, Long.toString(bindingGeneration));
    metadata.put("annotations", Collections.unmodifiableMap(allAnnotations));
    Map<String, Object> work = new LinkedHashMap<>();
    work.put("apiVersion", API_VERSION);
    work.put("kind", "ManifestWork");
    work.put("metadata", Collections.unmodifiableMap(metadata));
    work.put("spec", spec);
    return Collections.unmodifiableMap(work);
  }

  /** The {@code spec} of a shard's ManifestWork (the same in every cluster): manifests, configs. */
  public Map<String, Object> spec(Shard shard) {
    List<Object> manifests = new ArrayList<>();
    List<Object> configs = new ArrayList<>();
    for (ShardItem item : shard.items()) {
      manifests.add(item.manifest());
      configs.add(manifestConfig(item.key(), item.createOnly()));
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("workload", Map.of("manifests", Collections.unmodifiableList(manifests)));
    spec.put("manifestConfigs", Collections.unmodifiableList(configs));
    return Collections.unmodifiableMap(spec);
  }

  /** The labels of every ManifestWork of a Binding (also the selector to list them). */
  public Map<String, String> labels(String bindingName) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(BINDING_LABEL, LabelValues.of(bindingName));
    labels.put(WDS_LABEL, LabelValues.of(wdsName));
    return Collections.unmodifiableMap(labels);
  }

  /**
   * The compact JSON size of {@link #manifestConfig}, without building it: the sharder sizes every
   * object of every cluster on every pass. Only the four identifier strings vary.
   */
  public static long manifestConfigSize(ObjectKey key, boolean createOnly) {
    int variant =
        (createOnly ? 2 : 0) + (StatuslessResources.contains(key.group(), key.resource()) ? 0 : 1);
    long size = EMPTY_CONFIG_SIZE[variant];
    for (String part : List.of(key.group(), key.resource(), key.namespace(), key.name())) {
      size += JsonSize.of(part) - JsonSize.of("");
    }
    return size;
  }

  /**
   * JSON sizes of the manifestConfig of an all-empty identifier, by (createOnly, with a feedback
   * rule).
   */
  private static final long[] EMPTY_CONFIG_SIZE = emptyConfigSizes();

  private static long[] emptyConfigSizes() {
    ObjectKey empty = new ObjectKey("", "", "", "");
    long[] sizes = new long[4];
    for (int i = 0; i < 4; i++) {
      sizes[i] = JsonSize.of(manifestConfig(empty, i >= 2, i % 2 == 1));
    }
    return sizes;
  }

  /** The {@code manifestConfigs[]} entry of one object. */
  public static Map<String, Object> manifestConfig(ObjectKey key, boolean createOnly) {
    return manifestConfig(
        key, createOnly, !StatuslessResources.contains(key.group(), key.resource()));
  }

  private static Map<String, Object> manifestConfig(
      ObjectKey key, boolean createOnly, boolean feedback) {
    Map<String, Object> identifier = new LinkedHashMap<>();
    identifier.put("group", key.group());
    identifier.put("resource", key.resource());
    identifier.put("namespace", key.namespace());
    identifier.put("name", key.name());
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("resourceIdentifier", Collections.unmodifiableMap(identifier));
    if (feedback) {
      config.put(
          "feedbackRules",
          List.of(
              Map.of(
                  "type",
                  "JSONPaths",
                  "jsonPaths",
                  List.of(Map.of("name", "status", "path", ".status")))));
    }
    if (createOnly) {
      config.put("updateStrategy", Map.of("type", "CreateOnly"));
    } else {
      Map<String, Object> ssa = new LinkedHashMap<>();
      ssa.put("force", false);
      ssa.put("fieldManager", FIELD_MANAGER);
      Map<String, Object> strategy = new LinkedHashMap<>();
      strategy.put("type", "ServerSideApply");
      strategy.put("serverSideApply", Collections.unmodifiableMap(ssa));
      config.put("updateStrategy", Collections.unmodifiableMap(strategy));
    }
    return Collections.unmodifiableMap(config);
  }
}
