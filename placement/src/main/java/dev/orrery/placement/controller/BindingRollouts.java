package dev.orrery.placement.controller;

import dev.orrery.controller.EventRecorder;
import dev.orrery.controller.StatusWrites;
import dev.orrery.controller.Unstructureds;
import dev.orrery.placement.match.Cluster;
import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.match.Parsed;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.placement.rollout.Health;
import dev.orrery.placement.rollout.ObjectHealth;
import dev.orrery.placement.rollout.RolloutControl;
import dev.orrery.placement.rollout.RolloutDecider;
import dev.orrery.placement.rollout.RolloutPhase;
import dev.orrery.placement.rollout.RolloutPolicySpec;
import dev.orrery.placement.rollout.RolloutState;
import dev.orrery.placement.rollout.Wave;
import dev.orrery.placement.rollout.WavePlanner;
import dev.orrery.placement.status.ManifestConditions;
import dev.orrery.placement.status.PlacedRevision;
import dev.orrery.placement.transport.CleanedObject;
import dev.orrery.placement.transport.LabelValues;
import dev.orrery.placement.transport.ManifestWorkReader;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rollouts of Bindings whose BindingPolicy a RolloutPolicy governs: records each new content as a
 * BindingRevision, reads what every cluster runs (annotation {@value #REVISION_ANNOTATION} on its
 * ManifestWorks) and how healthy it is (work-agent conditions and status feedback), asks {@link
 * RolloutDecider} which revision each cluster gets, and keeps the rollout's state in the
 * BindingRevision's status. A Binding no RolloutPolicy governs is delivered everywhere at once, as
 * without rollouts.
 */
final class BindingRollouts {
  private static final Logger LOG = LoggerFactory.getLogger(BindingRollouts.class);

  /** On ManifestWorks of governed Bindings: the content hash of the revision they carry. */
  static final String REVISION_ANNOTATION = "rollout.orrery.dev/revision";

  /** On BindingRevisions: the Binding they are a revision of. */
  static final String BINDING_LABEL = "rollout.orrery.dev/binding";

  /** Revisions kept besides the target, the stable one and those clusters run. */
  static final int HISTORY = 5;

  private final KubernetesClient wds;
  private final PlacementCaches caches;
  private final EventRecorder events;
  private final RolloutMetrics metrics;
  private final Duration minimumSoak;
  private final Clock clock;
  private final ParsedByVersion<List<CleanedObject>> snapshots =
      new ParsedByVersion<>(BindingRevisions::objects);
  private final ParsedByVersion<Parsed<RolloutPolicySpec>> specs =
      new ParsedByVersion<>(
          p ->
              RolloutPolicySpec.parse(Unstructured.asMap(p.getAdditionalProperties().get("spec"))));

  BindingRollouts(
      KubernetesClient wds,
      PlacementCaches caches,
      EventRecorder events,
      RolloutMetrics metrics,
      Duration minimumSoak,
      Clock clock) {
    this.wds = wds;
    this.caches = caches;
    this.events = events;
    this.metrics = metrics;
    this.minimumSoak = minimumSoak;
    this.clock = clock;
  }

  /** What one cluster gets: objects to deliver and annotations for its ManifestWorks. */
  record Delivery(List<CleanedObject> objects, Map<String, String> annotations) {}

  /** The rollout's answer for one reconcile of one Binding. */
  interface Plan {
    /** What to write to a destination's mailbox; empty: leave it as it is. */
    Optional<Delivery> delivery(String cluster);

    /** Called once the ManifestWorks are written: state, Events, metrics. */
    void written();

    /** When to reconcile again if nothing happens before. */
    Optional<Duration> recheckAfter();
  }

  /** The governing RolloutPolicy of a BindingPolicy (first by name among valid ones), if any. */
  Optional<Governing> governing(String bindingPolicy) {
    GenericKubernetesResource policy = caches.policy(bindingPolicy);
    if (policy == null || caches.rolloutPolicies == null) {
      return Optional.empty();
    }
    return governing(bindingPolicy, labels(policy), candidates());
  }

  /**
   * The name of the RolloutPolicy that governs a BindingPolicy with this name and these labels (as
   * an event brought it, which may be newer or older than the cache), if any.
   */
  Optional<String> governingName(HasMetadata bindingPolicy) {
    if (bindingPolicy == null || caches.rolloutPolicies == null) {
      return Optional.empty();
    }
    return governing(bindingPolicy.getMetadata().getName(), labels(bindingPolicy), candidates())
        .map(g -> g.object().getMetadata().getName());
  }

  /**
   * The governing RolloutPolicy's name of every cached BindingPolicy that has one, by BindingPolicy
   * name: one pass over the RolloutPolicies, not one per BindingPolicy.
   */
  Map<String, String> governedBy() {
    Map<String, String> out = new HashMap<>();
    if (caches.rolloutPolicies == null) {
      return out;
    }
    List<Governing> candidates = candidates();
    if (candidates.isEmpty()) {
      return out;
    }
    for (GenericKubernetesResource bp : caches.policies()) {
      String name = bp.getMetadata().getName();
      governing(name, labels(bp), candidates)
          .ifPresent(g -> out.put(name, g.object().getMetadata().getName()));
    }
    return out;
  }

  /** The live, valid RolloutPolicies, by name. */
  private List<Governing> candidates() {
    return caches.rolloutPolicies.getStore().list().stream()
        .filter(r -> r.getMetadata().getDeletionTimestamp() == null)
        .sorted(Comparator.comparing(r -> r.getMetadata().getName()))
        .map(r -> new Governing(r, spec(r)))
        .filter(g -> g.spec().value() != null)
        .toList();
  }

  private static Optional<Governing> governing(
      String bindingPolicy, Map<String, String> labels, List<Governing> candidates) {
    for (Governing g : candidates) {
      if (g.spec().value().governs(bindingPolicy, labels)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> labels(HasMetadata policy) {
    return policy.getMetadata().getLabels() == null ? Map.of() : policy.getMetadata().getLabels();
  }

  /** The content a Binding last had under a RolloutPolicy, and its hash. */
  private record Hashed(List<CleanedObject> cleaned, String hash) {}

  private final Map<String, Hashed> lastHashes = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The content hash of a Binding's cleaned objects; computed again only when they differ from the
   * last ones seen for this Binding. Under a RolloutPolicy every status change of its ManifestWorks
   * reconciles the Binding, almost always with the same content; comparing is much cheaper than
   * serializing and digesting it.
   */
  private String targetHash(String binding, List<CleanedObject> cleaned) {
    Hashed last = lastHashes.get(binding);
    if (last != null && last.cleaned().equals(cleaned)) {
      return last.hash();
    }
    String hash = BindingRevisions.hash(cleaned);
    lastHashes.put(binding, new Hashed(List.copyOf(cleaned), hash));
    return hash;
  }

  /** Forgets what {@link #targetHash} remembers of a Binding (gone, or no longer governed). */
  void forget(String binding) {
    lastHashes.remove(binding);
  }

  /** A RolloutPolicy and its parsed spec. */
  record Governing(GenericKubernetesResource object, Parsed<RolloutPolicySpec> spec) {}

  Parsed<RolloutPolicySpec> spec(GenericKubernetesResource rolloutPolicy) {
    return specs.get(
        rolloutPolicy,
        caches.rolloutPolicies.getStore().getByKey(rolloutPolicy.getMetadata().getName()));
  }

  Plan plan(
      GenericKubernetesResource binding,
      List<CleanedObject> cleaned,
      Map<String, List<GenericKubernetesResource>> worksByCluster,
      List<Cluster> destinations) {
    String name = binding.getMetadata().getName();
    Optional<Governing> governing = governing(name);
    if (governing.isEmpty()) {
      forget(name);
      return everywhere(cleaned, worksByCluster);
    }
    RolloutPolicySpec spec = governing.get().spec().value();
    Instant now = clock.instant();
    String target = targetHash(name, cleaned);
    List<GenericKubernetesResource> revisions = new ArrayList<>(caches.revisionsOf(name));
    if (cleaned.isEmpty() && revisions.isEmpty()) {
      // A new Binding whose objects have not reached it yet: nothing to roll out.
      return everywhere(cleaned, worksByCluster);
    }
    GenericKubernetesResource targetRevision = byHash(revisions, target).orElse(null);
    boolean fresh = targetRevision == null;
    Map<String, String> running = new TreeMap<>();
    worksByCluster.forEach(
        (cluster, works) ->
            running.put(cluster, runningRevision(works).orElse(RolloutDecider.UNKNOWN)));
    if (fresh) {
      // A Binding delivered before it came under this RolloutPolicy (none of its clusters runs a
      // known revision): what it delivers is taken as succeeded, not rolled out again.
      boolean adopt =
          !running.isEmpty() && running.values().stream().allMatch(RolloutDecider.UNKNOWN::equals);
      Created created = create(binding, target, cleaned, revisions);
      targetRevision = created.revision();
      revisions.add(targetRevision);
      fresh = created.now();
      if (adopt && created.now()) {
        writeStatus(targetRevision, RolloutState.adopted(now).toMap());
        targetRevision = withStatus(targetRevision, RolloutState.adopted(now).toMap());
      }
    }
    Map<String, Object> storedStatus =
        Unstructured.asMap(targetRevision.getAdditionalProperties().get("status"));
    boolean restarted = !Unstructured.string(storedStatus, "replacedBy").orElse("").isEmpty();
    Optional<RolloutState> state = restarted ? Optional.empty() : RolloutState.parse(storedStatus);
    if (fresh || restarted) {
      supersedeOthers(revisions, target);
    }
    Optional<String> stable = stable(revisions, target);
    Set<String> available = new HashSet<>();
    revisions.forEach(r -> available.add(BindingRevisions.contentHash(r)));
    Set<ObjectKey> changed = changedKeys(cleaned, stable.flatMap(s -> byHash(revisions, s)));
    Map<String, Health> health = new TreeMap<>();
    Map<String, String> unavailable = new TreeMap<>();
    Map<String, String> allUnavailable = caches.unavailableClusters();
    for (Cluster c : destinations) {
      String down = allUnavailable.get(c.name());
      if (down != null) {
        unavailable.put(c.name(), down);
        health.put(c.name(), Health.unavailable(down));
      } else if (target.equals(running.get(c.name()))) {
        health.put(
            c.name(),
            clusterHealth(worksByCluster.getOrDefault(c.name(), List.of()), changed, spec));
      }
    }
    List<Wave> waves = WavePlanner.plan(spec.strategy(), destinations);
    RolloutDecider.Decision decision =
        RolloutDecider.decide(
            new RolloutDecider.Input(
                target,
                stable,
                waves,
                running,
                available,
                health,
                state,
                control(caches.policy(name), spec),
                spec.strategy(),
                minimumSoak,
                now,
                unavailable));
    GenericKubernetesResource revision = targetRevision;
    Map<String, GenericKubernetesResource> revisionsByHash = new HashMap<>();
    revisions.forEach(r -> revisionsByHash.put(BindingRevisions.contentHash(r), r));
    return new Plan() {
      @Override
      public Optional<Delivery> delivery(String cluster) {
        String rev = decision.deliver().get(cluster);
        if (rev == null) {
          return Optional.empty();
        }
        List<CleanedObject> objects =
            rev.equals(target) ? cleaned : snapshot(revisionsByHash.get(rev)).orElse(null);
        return objects == null
            ? Optional.empty()
            : Optional.of(new Delivery(objects, Map.of(REVISION_ANNOTATION, rev)));
      }

      @Override
      public void written() {
        Map<String, Object> status =
            statusOf(decision, target, waves, running, health, governing.get().object());
        if (!Objects.equals(storedStatus, status)) {
          writeStatus(revision, status);
        }
        GenericKubernetesResource policy = caches.policy(name);
        for (RolloutDecider.Transition t : decision.transitions()) {
          metrics.transition(t.reason());
          boolean warning = t.reason().equals("Halted") || t.reason().equals("RolledBack");
          if (policy != null) {
            events.record(policy, warning, t.reason(), t.message());
          }
          LOG.info("rollout of {} revision {}: {}: {}", name, target, t.reason(), t.message());
        }
        metrics.timeTransitions(decision, clock.instant());
        collectGarbage(revisions, target, stable, decision.deliver().values(), running.values());
      }

      @Override
      public Optional<Duration> recheckAfter() {
        return decision.recheckAfter();
      }
    };
  }

  /**
   * Every destination gets the Binding's current objects. ManifestWorks that carry a revision from
   * an earlier rollout get it blanked, so that what they carry is not mistaken for it later.
   */
  static Plan everywhere(
      List<CleanedObject> cleaned, Map<String, List<GenericKubernetesResource>> worksByCluster) {
    Delivery plain = new Delivery(cleaned, Map.of());
    Delivery blanked = new Delivery(cleaned, Map.of(REVISION_ANNOTATION, ""));
    return new Plan() {
      @Override
      public Optional<Delivery> delivery(String cluster) {
        boolean marked =
            worksByCluster.getOrDefault(cluster, List.of()).stream()
                .anyMatch(w -> !revisionOf(w).isEmpty());
        return Optional.of(marked ? blanked : plain);
      }

      @Override
      public void written() {}

      @Override
      public Optional<Duration> recheckAfter() {
        return Optional.empty();
      }
    };
  }

  private Optional<List<CleanedObject>> snapshot(GenericKubernetesResource revision) {
    if (revision == null) {
      return Optional.empty();
    }
    return Optional.of(
        snapshots.get(
            revision,
            caches.bindingRevisions == null
                ? null
                : caches.bindingRevisions.getStore().getByKey(revision.getMetadata().getName())));
  }

  private static Optional<GenericKubernetesResource> byHash(
      List<GenericKubernetesResource> revisions, String hash) {
    return revisions.stream().filter(r -> hash.equals(BindingRevisions.contentHash(r))).findFirst();
  }

  /** The latest succeeded revision other than the target. */
  private static Optional<String> stable(List<GenericKubernetesResource> revisions, String target) {
    return revisions.stream()
        .filter(r -> !target.equals(BindingRevisions.contentHash(r)))
        .filter(r -> BindingRevisions.phase(r).orElse(null) == RolloutPhase.SUCCEEDED)
        .max(Comparator.comparingLong(BindingRevisions::number))
        .map(BindingRevisions::contentHash);
  }

  /** The revision a cluster's ManifestWorks carry when they all carry the same one. */
  static Optional<String> runningRevision(List<GenericKubernetesResource> works) {
    Set<String> seen = new HashSet<>();
    works.forEach(w -> seen.add(revisionOf(w)));
    return seen.size() == 1 && !seen.contains("")
        ? Optional.of(seen.iterator().next())
        : Optional.empty();
  }

  /** The revision a ManifestWork carries ({@code ""}: none). */
  static String revisionOf(GenericKubernetesResource work) {
    Map<String, String> annotations = work.getMetadata().getAnnotations();
    String revision = annotations == null ? null : annotations.get(REVISION_ANNOTATION);
    return revision == null ? "" : revision;
  }

  /** Objects new or different in the target compared to the stable revision (all without one). */
  private Set<ObjectKey> changedKeys(
      List<CleanedObject> target, Optional<GenericKubernetesResource> stable) {
    Set<ObjectKey> changed = new HashSet<>();
    Map<ObjectKey, CleanedObject> before = new HashMap<>();
    stable.flatMap(this::snapshot).ifPresent(l -> l.forEach(o -> before.put(o.key(), o)));
    for (CleanedObject o : target) {
      if (!o.equals(before.get(o.key()))) {
        changed.add(o.key());
      }
    }
    return changed;
  }

  /**
   * A cluster's health at the target: every ManifestWork applied at its spec, and every changed
   * object healthy by its status feedback.
   */
  private static Health clusterHealth(
      List<GenericKubernetesResource> works, Set<ObjectKey> changed, RolloutPolicySpec spec) {
    Health health = Health.HEALTHY;
    for (GenericKubernetesResource w : works) {
      Map<String, Object> view = Unstructureds.view(w);
      if (!ManifestWorkReader.appliedAtGeneration(view)) {
        return Health.progressing(
            "ManifestWork " + w.getMetadata().getName() + " not applied at its spec yet");
      }
      Map<ObjectKey, Map<String, Object>> returned = FeedbackIndex.feedback(w);
      Map<ObjectKey, ManifestConditions.State> conditions = ManifestConditions.of(List.of(view));
      for (Map.Entry<ObjectKey, Map<String, Object>> m :
          ManifestWorkReader.deliveredManifests(List.of(view)).entrySet()) {
        if (!changed.contains(m.getKey())) {
          continue;
        }
        ManifestConditions.State reported = conditions.get(m.getKey());
        if (reported != null && Boolean.FALSE.equals(reported.available())) {
          health =
              health.worse(
                  Health.progressing(m.getKey().name() + " is not on the WEC (Available=False)"));
          continue;
        }
        Health h = ObjectHealth.of(m.getValue(), returned.get(m.getKey()), spec.healthChecks());
        if (!h.healthy()) {
          h = new Health(h.state(), m.getKey().name() + ": " + h.reason());
        }
        health = health.worse(h);
      }
    }
    return health;
  }

  private static RolloutControl control(GenericKubernetesResource policy, RolloutPolicySpec spec) {
    Map<String, String> a =
        policy == null || policy.getMetadata().getAnnotations() == null
            ? Map.of()
            : policy.getMetadata().getAnnotations();
    return new RolloutControl(
        spec.paused() || "true".equals(a.get(RolloutControl.PAUSED_ANNOTATION)),
        a.getOrDefault(RolloutControl.PROMOTE_ANNOTATION, ""),
        a.getOrDefault(RolloutControl.ABORT_ANNOTATION, ""));
  }

  private static Map<String, Object> statusOf(
      RolloutDecider.Decision decision,
      String target,
      List<Wave> waves,
      Map<String, String> running,
      Map<String, Health> health,
      GenericKubernetesResource rolloutPolicy) {
    RolloutState state = decision.state();
    Map<String, Object> status = new LinkedHashMap<>(state.toMap());
    status.put("rolloutPolicy", rolloutPolicy.getMetadata().getName());
    status.put("waveCount", waves.size());
    int shownWave =
        state.phase() == RolloutPhase.SUCCEEDED
            ? waves.size()
            : Math.min(state.wave() + 1, waves.size());
    status.put("waveText", waves.isEmpty() ? "-" : shownWave + "/" + waves.size());
    List<Map<String, Object>> waveList = new ArrayList<>();
    List<Map<String, Object>> clusters = new ArrayList<>();
    int updated = 0;
    for (int i = 0; i < waves.size(); i++) {
      Wave w = waves.get(i);
      waveList.add(Map.of("name", w.name(), "clusters", w.clusters()));
      for (String c : w.clusters()) {
        String gets = decision.deliver().getOrDefault(c, running.get(c));
        updated += target.equals(gets) ? 1 : 0;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", c);
        row.put("wave", i + 1);
        row.put("revision", gets == null ? "" : gets);
        Health h = health.get(c);
        row.put("health", h == null ? "Unknown" : capitalized(h.state().name()));
        if (h != null && !h.reason().isEmpty()) {
          row.put("reason", h.reason());
        }
        clusters.add(row);
      }
    }
    status.put("updatedClusters", updated);
    status.put("totalClusters", clusters.size());
    status.put("updatedText", updated + "/" + clusters.size());
    status.put("waves", waveList);
    status.put("clusters", clusters);
    return status;
  }

  private static String capitalized(String enumName) {
    return enumName.charAt(0) + enumName.substring(1).toLowerCase(java.util.Locale.ROOT);
  }

  /** A BindingRevision, and whether this call created it (false: it existed already). */
  private record Created(GenericKubernetesResource revision, boolean now) {}

  private Created create(
      GenericKubernetesResource binding,
      String hash,
      List<CleanedObject> cleaned,
      List<GenericKubernetesResource> existing) {
    long number = existing.stream().mapToLong(BindingRevisions::number).max().orElse(0) + 1;
    String bindingName = binding.getMetadata().getName();
    // The WDS objects as stored (cleaning drops managedFields, which say which commit is newest).
    List<Map<String, Object>> raw = new ArrayList<>();
    cleaned.forEach(
        o -> raw.add(caches.objects().get(o.key()).map(Unstructureds::view).orElse(o.object())));
    String source = PlacedRevision.newest(raw, Apis.FIELD_MANAGER).orElse("");
    GenericKubernetesResource revision =
        BindingRevisions.build(bindingName, number, hash, source, cleaned);
    revision
        .getMetadata()
        .setOwnerReferences(
            List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion("control.kubestellar.io/v1alpha1")
                    .withKind("Binding")
                    .withName(bindingName)
                    .withUid(binding.getMetadata().getUid())
                    .build()));
    revision.getMetadata().getLabels().put(BINDING_LABEL, LabelValues.of(bindingName));
    try {
      return new Created(
          wds.genericKubernetesResources(Apis.BINDING_REVISIONS).resource(revision).create(), true);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        // Created by an earlier reconcile whose event has not reached the cache yet: read it.
        GenericKubernetesResource stored =
            wds.genericKubernetesResources(Apis.BINDING_REVISIONS)
                .withName(revision.getMetadata().getName())
                .get();
        if (stored != null) {
          return new Created(stored, false);
        }
      }
      throw e;
    }
  }

  private void supersedeOthers(List<GenericKubernetesResource> revisions, String target) {
    for (GenericKubernetesResource r : revisions) {
      if (target.equals(BindingRevisions.contentHash(r))) {
        continue;
      }
      Map<String, Object> status =
          new LinkedHashMap<>(Unstructured.asMap(r.getAdditionalProperties().get("status")));
      if (target.equals(status.get("replacedBy"))) {
        continue;
      }
      status.put("replacedBy", target);
      Optional<RolloutPhase> phase = BindingRevisions.phase(r);
      if (phase.isPresent() && !phase.get().settled()) {
        status.put("phase", RolloutPhase.SUPERSEDED.apiName());
        status.put("message", "superseded by revision " + target + " before it finished");
      }
      writeStatus(r, status);
    }
  }

  private void collectGarbage(
      List<GenericKubernetesResource> revisions,
      String target,
      Optional<String> stable,
      java.util.Collection<String> delivered,
      java.util.Collection<String> running) {
    Set<String> keep = new HashSet<>(delivered);
    keep.addAll(running);
    keep.add(target);
    stable.ifPresent(keep::add);
    List<GenericKubernetesResource> others =
        revisions.stream()
            .filter(r -> !keep.contains(BindingRevisions.contentHash(r)))
            .sorted(Comparator.comparingLong(BindingRevisions::number).reversed())
            .toList();
    for (GenericKubernetesResource old :
        others.subList(Math.min(HISTORY, others.size()), others.size())) {
      StatusWrites.ignoringNotFound(
          () ->
              wds.genericKubernetesResources(Apis.BINDING_REVISIONS)
                  .withName(old.getMetadata().getName())
                  .delete());
    }
  }

  /**
   * Writes a BindingRevision's whole status: a merge patch, with {@code null} for each field the
   * stored status has and the new one lacks, so that it is removed rather than kept.
   */
  private void writeStatus(GenericKubernetesResource revision, Map<String, Object> status) {
    Map<String, Object> patch = new LinkedHashMap<>();
    Unstructured.asMap(revision.getAdditionalProperties().get("status"))
        .keySet()
        .forEach(k -> patch.put(k, null));
    patch.putAll(status);
    StatusWrites.ignoringNotFound(
        () -> StatusWrites.patchStatus(wds, Apis.BINDING_REVISIONS, revision, patch));
  }

  private static GenericKubernetesResource withStatus(
      GenericKubernetesResource revision, Map<String, Object> status) {
    Map<String, Object> m = Unstructureds.toMap(revision);
    m.put("status", status);
    return Unstructureds.fromMap(m);
  }
}
