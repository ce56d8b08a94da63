package dev.orrery.placement.binding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.match.Modulation;
import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.match.WorkloadRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class BindingContentTest {
  private static BindingEntry entry(String version, String name, String resourceVersion) {
    return new BindingEntry(
        new WorkloadRef("apps", version, "deployments", "ns", name),
        resourceVersion,
        Modulation.NONE);
  }

  @Test
  void sortsDeduplicatesAndComparesByValue() {
    BindingContent content =
        new BindingContent(
            List.of(entry("v1", "b", "1"), entry("v1", "a", "1"), entry("v1", "b", "2")),
            List.of("c2", "c1", "c2"));
    assertThat(content.entries()).containsExactly(entry("v1", "a", "1"), entry("v1", "b", "2"));
    assertThat(content.destinations()).containsExactly("c1", "c2");
    BindingContent same =
        new BindingContent(
            List.of(entry("v1", "b", "2"), entry("v1", "a", "1")), List.of("c1", "c2"));
    assertThat(content).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(content).isNotEqualTo(new BindingContent(content.entries(), List.of("c1")));
  }

  @Test
  void findsTheEntriesOfAnObject() {
    BindingContent content =
        new BindingContent(List.of(entry("v1", "a", "1"), entry("v1", "b", "1")), List.of("c1"));
    assertThat(content.entriesFor(new ObjectKey("apps", "deployments", "ns", "b")))
        .containsExactly(entry("v1", "b", "1"));
    assertThat(content.entriesFor(new ObjectKey("apps", "deployments", "ns", "c"))).isEmpty();
    assertThat(content.entriesFor(new ObjectKey("", "deployments", "ns", "a"))).isEmpty();
  }

  @Test
  void anObjectNamedInTwoVersionsHasBothEntries() {
    BindingContent content =
        new BindingContent(
            List.of(entry("v1", "a", "1"), entry("v1beta1", "a", "1"), entry("v1", "b", "1")),
            List.of("c1"));
    assertThat(content.entriesFor(new ObjectKey("apps", "deployments", "ns", "a")))
        .containsExactly(entry("v1", "a", "1"), entry("v1beta1", "a", "1"));
    assertThat(content.entriesFor(new ObjectKey("apps", "deployments", "ns", "b")))
        .containsExactly(entry("v1", "b", "1"));
  }
}
