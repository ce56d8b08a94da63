package dev.orrery.placement.controller;

import dev.orrery.controller.Unstructureds;
import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.placement.rollout.ContentHash;
import dev.orrery.placement.rollout.RolloutPhase;
import dev.orrery.placement.transport.CleanedObject;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and builds BindingRevision objects ({@code gitops.orrery.dev/v1alpha1}): one content of a
 * Binding, named {@code <binding>-<content hash>}, with its cleaned objects in {@code
 * spec.objects}.
 */
final class BindingRevisions {
  private BindingRevisions() {}

  /** The content hash of a Binding's cleaned objects. */
  static String hash(List<CleanedObject> cleaned) {
    List<Map.Entry<String, Map<String, Object>>> entries = new ArrayList<>();
    for (CleanedObject o : cleaned) {
      ObjectKey k = o.key();
      entries.add(
          new AbstractMap.SimpleImmutableEntry<>(
              k.group()
                  + "/"
                  + k.resource()
                  + "/"
                  + k.namespace()
                  + "/"
                  + k.name()
                  + (o.createOnly() ? " createOnly" : ""),
              o.object()));
    }
    return ContentHash.of(entries);
  }

  static GenericKubernetesResource build(
      String binding,
      long number,
      String hash,
      String sourceRevision,
      List<CleanedObject> objects) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (CleanedObject o : objects) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("group", o.key().group());
      entry.put("resource", o.key().resource());
      entry.put("namespace", o.key().namespace());
      entry.put("name", o.key().name());
      entry.put("createOnly", o.createOnly());
      entry.put("object", o.object());
      list.add(entry);
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("binding", binding);
    spec.put("revision", number);
    spec.put("contentHash", hash);
    spec.put("sourceRevision", sourceRevision);
    spec.put("objects", list);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name(binding, hash));
    metadata.put("labels", new LinkedHashMap<>());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("apiVersion", "gitops.orrery.dev/v1alpha1");
    m.put("kind", "BindingRevision");
    m.put("metadata", metadata);
    m.put("spec", spec);
    return Unstructureds.fromMap(m);
  }

  /** {@code <binding>-<hash>}, the Binding's name shortened so the whole stays a valid name. */
  static String name(String binding, String hash) {
    String base = binding.length() > 240 ? binding.substring(0, 240) : binding;
    return base + "-" + hash;
  }

  static String contentHash(GenericKubernetesResource revision) {
    return Unstructured.string(spec(revision), "contentHash").orElse("");
  }

  static long number(GenericKubernetesResource revision) {
    return spec(revision).get("revision") instanceof Number n ? n.longValue() : 0;
  }

  static String binding(GenericKubernetesResource revision) {
    return Unstructured.string(spec(revision), "binding").orElse("");
  }

  static Optional<RolloutPhase> phase(GenericKubernetesResource revision) {
    return Unstructured.string(
            Unstructured.asMap(revision.getAdditionalProperties().get("status")), "phase")
        .flatMap(RolloutPhase::of);
  }

  /** The cleaned objects the revision holds. */
  @SuppressWarnings("unchecked")
  static List<CleanedObject> objects(GenericKubernetesResource revision) {
    List<CleanedObject> out = new ArrayList<>();
    if (spec(revision).get("objects") instanceof List<?> list) {
      for (Object o : list) {
        Map<String, Object> e = Unstructured.asMap(o);
        ObjectKey key =
            new ObjectKey(
                Unstructured.string(e, "group").orElse(""),
                Unstructured.string(e, "resource").orElse(""),
                Unstructured.string(e, "namespace").orElse(""),
                Unstructured.string(e, "name").orElse(""));
        out.add(
            new CleanedObject(
                key,
                (Map<String, Object>)
                    Unstructured.immutableCopy(Unstructured.asMap(e.get("object"))),
                Boolean.TRUE.equals(e.get("createOnly"))));
      }
    }
    return List.copyOf(out);
  }

  private static Map<String, Object> spec(GenericKubernetesResource revision) {
    return Unstructured.asMap(revision.getAdditionalProperties().get("spec"));
  }
}
