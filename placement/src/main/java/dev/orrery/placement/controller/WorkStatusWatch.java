package dev.orrery.placement.controller;

import dev.orrery.controller.Unstructureds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows KubeStellar WorkStatus objects in the ITS while a status add-on provides them: watches
 * for their CRD, starts an informer over every mailbox once the CRD is Established, and stops it
 * (forgetting what it reported) when the CRD goes away. Installing the add-on after Orrery needs no
 * restart.
 */
final class WorkStatusWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkStatusWatch.class);

  /** Receives one WorkStatus change: its mailbox (cluster), name, and content (empty = deleted). */
  interface Listener {
    void changed(String cluster, String name, Optional<WorkStatusRecord> record);

    /** Every WorkStatus is gone (the CRD was deleted). */
    void cleared();
  }

  private final KubernetesClient its;
  private final Listener listener;
  private SharedIndexInformer<CustomResourceDefinition> crdInformer;
  private SharedIndexInformer<GenericKubernetesResource> informer;

  WorkStatusWatch(KubernetesClient its, Listener listener) {
    this.its = its;
    this.listener = listener;
  }

  void start() {
    crdInformer =
        its.apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(Apis.WORK_STATUS_CRD)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(CustomResourceDefinition crd) {
                    follow(crd);
                  }

                  @Override
                  public void onUpdate(
                      CustomResourceDefinition before, CustomResourceDefinition after) {
                    follow(after);
                  }

                  @Override
                  public void onDelete(CustomResourceDefinition crd, boolean unknownFinalState) {
                    stop();
                  }
                },
                0);
  }

  /** Whether WorkStatus objects are being followed (their CRD is Established). */
  synchronized boolean following() {
    return informer != null;
  }

  private synchronized void follow(CustomResourceDefinition crd) {
    if (informer != null || !established(crd)) {
      return;
    }
    LOG.info(
        "WorkStatus CRD is established in the ITS; reading WorkStatus objects as returned status");
    informer =
        its.genericKubernetesResources(Apis.WORK_STATUSES)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(GenericKubernetesResource ws) {
                    report(ws, false);
                  }

                  @Override
                  public void onUpdate(
                      GenericKubernetesResource before, GenericKubernetesResource after) {
                    report(after, false);
                  }

                  @Override
                  public void onDelete(GenericKubernetesResource ws, boolean unknownFinalState) {
                    report(ws, true);
                  }
                },
                0);
  }

  private void report(GenericKubernetesResource ws, boolean deleted) {
    String cluster = ws.getMetadata().getNamespace();
    String name = ws.getMetadata().getName();
    Optional<WorkStatusRecord> record =
        deleted ? Optional.empty() : WorkStatusRecord.parse(Unstructureds.toMap(ws));
    listener.changed(cluster, name, record);
  }

  private synchronized void stop() {
    if (informer != null) {
      LOG.info(
          "WorkStatus CRD left the ITS; returned status comes from ManifestWork feedback only");
      informer.close();
      informer = null;
      listener.cleared();
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Override
  public synchronized void close() {
    if (informer != null) {
      informer.close();
      informer = null;
    }
    if (crdInformer != null) {
      crdInformer.close();
    }
  }
}
