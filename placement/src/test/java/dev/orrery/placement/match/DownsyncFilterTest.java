package dev.orrery.placement.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DownsyncFilterTest {

  @ParameterizedTest(name = "{0}/{1} -> {2}")
  @CsvSource({
    "flowcontrol.apiserver.k8s.io, flowschemas, false",
    "discovery.k8s.io, endpointslices, false",
    "apiregistration.k8s.io, apiservices, false",
    "coordination.k8s.io, leases, false",
    "control.kubestellar.io, bindingpolicies, false",
    "control.kubestellar.io, customtransforms, false",
    "work.open-cluster-management.io, manifestworks, false",
    "cluster.open-cluster-management.io, managedclusters, false",
    "gitops.orrery.dev, gitsources, false",
    "'', events, false",
    "'', nodes, false",
    "'', endpoints, false",
    "events.k8s.io, events, false",
    "storage.k8s.io, csistoragecapacities, false",
    "storage.k8s.io, csinodes, false",
    "apps, deployments/status, false",
    "'', namespaces, true",
    "'', configmaps, true",
    "'', services, true",
    "apps, deployments, true",
    "storage.k8s.io, storageclasses, true",
    "apiextensions.k8s.io, customresourcedefinitions, true",
    "example.com, events, true",
    "example.com, nodes, true",
  })
  void knowsTheNeverDownsyncedResources(String group, String resource, boolean expected) {
    assertThat(DownsyncFilter.isDownsyncable(group, resource)).isEqualTo(expected);
  }

  @Test
  void requiresListAndWatch() {
    assertThat(
            DownsyncFilter.isDownsyncable("apps", "deployments", List.of("get", "list", "watch")))
        .isTrue();
    assertThat(DownsyncFilter.isDownsyncable("apps", "deployments", List.of("get", "list")))
        .isFalse();
    assertThat(DownsyncFilter.isDownsyncable("apps", "deployments", List.of("watch"))).isFalse();
    assertThat(DownsyncFilter.isDownsyncable("", "events", List.of("list", "watch"))).isFalse();
  }
}
