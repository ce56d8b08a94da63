package dev.orrery.app.dashboard;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WDS Events about GitSources and BindingPolicies, held by two informers (one per involved
 * kind, by field selector), so a page never reads Events from the API server itself.
 */
public final class EventCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventCache.class);
  private final KubernetesClient wds;
  private final Runnable changed;
  private final List<SharedIndexInformer<Event>> informers = new ArrayList<>();

  public EventCache(KubernetesClient wds, Runnable changed) {
    this.wds = wds;
    this.changed = changed;
  }

  /**
   * Starts the informers without waiting for them: pages show no Events until they have listed (or,
   * when Orrery may not watch Events, ever; the informers log that and retry).
   */
  public void start() {
    for (String kind : List.of("GitSource", "BindingPolicy")) {
      SharedIndexInformer<Event> informer =
          wds.v1()
              .events()
              .inAnyNamespace()
              .withField("involvedObject.kind", kind)
              .runnableInformer(0);
      informer.addEventHandler(
          new ResourceEventHandler<>() {
            @Override
            public void onAdd(Event e) {
              changed.run();
            }

            @Override
            public void onUpdate(Event before, Event after) {
              changed.run();
            }

            @Override
            public void onDelete(Event e, boolean unknownFinalState) {
              changed.run();
            }
          });
      informers.add(informer);
      informer
          .start()
          .whenComplete(
              (ok, failed) -> {
                if (failed != null) {
                  LOG.warn(
                      "the dashboard cannot list {} Events in the WDS: {}",
                      kind,
                      failed.toString());
                }
              });
    }
  }

  /**
   * The Events about one object, newest first ({@code namespace} is ignored for cluster-scoped
   * kinds, whose Events live in {@code default}).
   */
  public List<EventFacts> about(String kind, String namespace, String name) {
    List<EventFacts> out = new ArrayList<>();
    for (SharedIndexInformer<Event> informer : informers) {
      for (Event e : informer.getStore().list()) {
        ObjectReference o = e.getInvolvedObject();
        if (o != null
            && kind.equals(o.getKind())
            && name.equals(o.getName())
            && (namespace.isEmpty() || Objects.equals(namespace, o.getNamespace()))) {
          out.add(facts(e));
        }
      }
    }
    out.sort(Comparator.comparing(EventFacts::last).reversed());
    return out.size() > 50 ? List.copyOf(out.subList(0, 50)) : out;
  }

  private static EventFacts facts(Event e) {
    ObjectReference o = e.getInvolvedObject();
    String last =
        e.getLastTimestamp() != null
            ? e.getLastTimestamp()
            : e.getEventTime() != null && e.getEventTime().getTime() != null
                ? e.getEventTime().getTime()
                : e.getMetadata().getCreationTimestamp();
    return new EventFacts(
        o.getKind(),
        o.getNamespace() == null ? "" : o.getNamespace(),
        o.getName(),
        e.getType() == null ? "Normal" : e.getType(),
        e.getReason() == null ? "" : e.getReason(),
        e.getMessage() == null ? "" : e.getMessage(),
        e.getCount() == null ? 1 : e.getCount(),
        last == null ? "" : last);
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
