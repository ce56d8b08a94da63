package dev.orrery.spaces;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Open Cluster Management side of local spaces: OCM CRDs in the ITS and WECs, one
 * ManagedCluster and mailbox namespace per WEC, and the work agent's least-privilege hub identity.
 */
final class OcmInventory {
  static final String AGENT_ROLE = "open-cluster-management:work-agent";
  static final String MANAGED_CLUSTER_API = "cluster.open-cluster-management.io/v1";
  private static final String FIELD_MANAGER = "orrery-spaces";

  private final ProgramBinaries bin;

  OcmInventory(ProgramBinaries bin) {
    this.bin = bin;
  }

  /** ManagedCluster, ManifestWork and PlacementDecision CRDs, plus the work agent's ClusterRole. */
  void installHub(Space its) {
    installCrds(its.client(), name -> !name.contains("appliedmanifestworks"));
    its.client()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(AGENT_ROLE)
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups("work.open-cluster-management.io")
                        .withResources("manifestworks")
                        .withVerbs("get", "list", "watch", "update", "patch")
                        .build(),
                    new PolicyRuleBuilder()
                        .withApiGroups("work.open-cluster-management.io")
                        .withResources("manifestworks/status")
                        .withVerbs("get", "update", "patch")
                        .build(),
                    new PolicyRuleBuilder()
                        .withApiGroups("", "events.k8s.io")
                        .withResources("events")
                        .withVerbs("create", "patch", "update")
                        .build())
                .build())
        .fieldManager(FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  /** The AppliedManifestWork CRD and the agent's namespace on a WEC. */
  void installSpoke(Space wec) {
    installCrds(wec.client(), name -> name.contains("appliedmanifestworks"));
    apply(
        wec.client(),
        new NamespaceBuilder()
            .withNewMetadata()
            .withName("open-cluster-management-agent")
            .endMetadata()
            .build());
  }

  /**
   * Registers a WEC: its labelled ManagedCluster (accepted, with the WEC's API URL and CA in {@code
   * spec.managedClusterClientConfigs}), its mailbox namespace, and a role binding that lets the
   * group {@code system:open-cluster-management:<cluster>} work the mailbox.
   */
  void register(Space its, String cluster, Map<String, String> labels, Space wec, String caPem) {
    KubernetesClient client = its.client();
    GenericKubernetesResource managedCluster =
        new GenericKubernetesResourceBuilder()
            .withApiVersion(MANAGED_CLUSTER_API)
            .withKind("ManagedCluster")
            .withNewMetadata()
            .withName(cluster)
            .withLabels(labels)
            .endMetadata()
            .addToAdditionalProperties(
                "spec",
                Map.of(
                    "hubAcceptsClient",
                    true,
                    "managedClusterClientConfigs",
                    List.of(
                        Map.of(
                            "url", wec.server().toString(),
                            "caBundle",
                                Base64.getEncoder()
                                    .encodeToString(caPem.getBytes(StandardCharsets.UTF_8))))))
            .build();
    apply(client, managedCluster);
    apply(client, new NamespaceBuilder().withNewMetadata().withName(cluster).endMetadata().build());
    apply(
        client,
        new RoleBindingBuilder()
            .withNewMetadata()
            .withName(AGENT_ROLE)
            .withNamespace(cluster)
            .endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", AGENT_ROLE)
            .addNewSubject()
            .withApiGroup("rbac.authorization.k8s.io")
            .withKind("Group")
            .withName(agentGroup(cluster))
            .endSubject()
            .build());
  }

  static String agentUser(String cluster) {
    return "system:open-cluster-management:" + cluster + ":" + cluster + "-work-agent";
  }

  static String agentGroup(String cluster) {
    return "system:open-cluster-management:" + cluster;
  }

  private void installCrds(KubernetesClient client, java.util.function.Predicate<String> which) {
    List<Path> files;
    try (Stream<Path> listing = Files.list(bin.ocmCrds())) {
      files = listing.filter(p -> which.test(p.getFileName().toString())).sorted().toList();
    } catch (IOException e) {
      throw new SpacesException("cannot list OCM CRDs in " + bin.ocmCrds(), e);
    }
    for (Path file : files) {
      CustomResourceDefinition crd;
      try (InputStream in = Files.newInputStream(file)) {
        crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      } catch (IOException e) {
        throw new SpacesException("cannot read CRD " + file, e);
      }
      apply(client, crd);
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(OcmInventory::established, 60, TimeUnit.SECONDS);
    }
  }

  static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static void apply(KubernetesClient client, HasMetadata object) {
    client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
  }
}
