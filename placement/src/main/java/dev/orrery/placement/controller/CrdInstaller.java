package dev.orrery.placement.controller;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the CRDs that ship in Orrery's jar ({@code crds/*.yaml}) and waits until they are
 * Established.
 */
public final class CrdInstaller {
  private static final Logger LOG = LoggerFactory.getLogger(CrdInstaller.class);

  private CrdInstaller() {}

  /**
   * Applies each named classpath CRD (server-side, field manager {@code orrery}) and waits for it.
   */
  public static void install(KubernetesClient client, List<String> files) {
    for (String file : files) {
      CustomResourceDefinition crd;
      try (InputStream in =
          CrdInstaller.class.getClassLoader().getResourceAsStream("crds/" + file)) {
        if (in == null) {
          throw new IllegalStateException("CRD crds/" + file + " is missing from the classpath");
        }
        crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      } catch (IOException e) {
        throw new IllegalStateException("cannot read CRD crds/" + file, e);
      }
      client.resource(crd).fieldManager("orrery").forceConflicts().serverSideApply();
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(
              c ->
                  c != null
                      && c.getStatus() != null
                      && c.getStatus().getConditions() != null
                      && c.getStatus().getConditions().stream()
                          .anyMatch(
                              x ->
                                  "Established".equals(x.getType())
                                      && "True".equals(x.getStatus())),
              60,
              TimeUnit.SECONDS);
      LOG.info("CRD {} is established", crd.getMetadata().getName());
    }
  }
}
