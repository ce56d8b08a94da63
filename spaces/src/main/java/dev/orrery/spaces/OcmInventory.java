package dev.orrery.spaces;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
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
  static final String BOOTSTRAP_ROLE = "open-cluster-management:bootstrap";
  static final String BOOTSTRAP_GROUP = "system:bootstrappers:open-cluster-management";
  static final String BOOTSTRAP_USER = "system:bootstrap:orrery-spaces";
  static final String MANAGED_CLUSTER_API = "cluster.open-cluster-management.io/v1";
  private static final String FIELD_MANAGER = "orrery-spaces";

  private final ProgramBinaries bin;

  OcmInventory(ProgramBinaries bin) {
    this.bin = bin;
  }

  /** ManagedCluster, ManifestWork and PlacementDecision CRDs, plus the work agent's ClusterRole. */
  void installHub(Space its) {
    installCrds(its.client(), bin.ocmCrds(), name -> !name.contains("appliedmanifestworks"));
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
    installCrds(wec.client(), bin.ocmCrds(), name -> name.contains("appliedmanifestworks"));
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

  /**
   * What OCM registration needs in the ITS beyond {@link #installHub}: the CRDs the hub's
   * registration controller watches (ManagedClusterSet, ManagedClusterSetBinding,
   * ManagedClusterAddOn), and the ClusterRole {@value #BOOTSTRAP_ROLE} bound to the group {@value
   * #BOOTSTRAP_GROUP}, whose members may only ask to join: create their ManagedCluster and a CSR.
   */
  void installRegistrationHub(Space its) {
    installCrds(its.client(), bin.registrationCrds(), name -> !name.contains("clusterclaims"));
    apply(
        its.client(),
        new ClusterRoleBuilder()
            .withNewMetadata()
            .withName(BOOTSTRAP_ROLE)
            .endMetadata()
            .withRules(
                new PolicyRuleBuilder()
                    .withApiGroups("certificates.k8s.io")
                    .withResources("certificatesigningrequests")
                    .withVerbs("create", "get", "list", "watch")
                    .build(),
                new PolicyRuleBuilder()
                    .withApiGroups("cluster.open-cluster-management.io")
                    .withResources("managedclusters")
                    .withVerbs("create", "get", "list", "watch")
                    .build(),
                new PolicyRuleBuilder()
                    .withApiGroups("cluster.open-cluster-management.io")
                    .withResources("managedclustersets/join")
                    .withVerbs("create")
                    .build())
            .build());
    apply(
        its.client(),
        new ClusterRoleBindingBuilder()
            .withNewMetadata()
            .withName(BOOTSTRAP_ROLE)
            .endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", BOOTSTRAP_ROLE)
            .addNewSubject()
            .withApiGroup("rbac.authorization.k8s.io")
            .withKind("Group")
            .withName(BOOTSTRAP_GROUP)
            .endSubject()
            .build());
  }

  /** The ClusterClaim CRD the registration agent reads on its WEC. */
  void installRegistrationSpoke(Space wec) {
    installCrds(wec.client(), bin.registrationCrds(), name -> name.contains("clusterclaims"));
  }

  private void installCrds(
      KubernetesClient client, Path dir, java.util.function.Predicate<String> which) {
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(p -> which.test(p.getFileName().toString())).sorted().toList();
    } catch (IOException e) {
      throw new SpacesException("cannot list OCM CRDs in " + dir, e);
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
