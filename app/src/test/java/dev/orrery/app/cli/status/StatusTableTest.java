package dev.orrery.app.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusTableTest {
  static final SystemStatus STATUS =
      new SystemStatus(
          List.of(
              new SourceState(
                  "default",
                  "fleet",
                  "True",
                  "Applied",
                  "0123456789abcdef",
                  "applied revision 0123456789ab"),
              new SourceState("team-a", "new", null, null, null, null)),
          List.of(
              new PolicyState("nginx", 2, 3, "True"), new PolicyState("fresh", null, null, null)),
          List.of(
              new ClusterState(
                  "cluster1",
                  Map.of("name", "cluster1", "location-group", "edge"),
                  null,
                  List.of(
                      new WorkState("nginx-cluster1", 3, "True", "True", null),
                      new WorkState("broken", 1, "False", null, "Failed to apply manifest"))),
              new ClusterState("cluster3", Map.of(), "True", List.of())));

  @Test
  void everySectionInOrderSeparatedByEmptyLines() {
    assertThat(StatusTable.render(STATUS))
        .isEqualTo(
            """
        GITSOURCE                READY   REVISION       MESSAGE
        default/fleet            True    0123456789ab   applied revision 0123456789ab
        team-a/new               -       -              -

        BINDINGPOLICY            CLUSTERS  OBJECTS  READY
        nginx                    2         3        True
        fresh                    -         -        -

        CLUSTER    AVAILABLE WORKS LABELS
        cluster1   -         2     location-group=edge,name=cluster1
        cluster3   True      0     -

        CLUSTER    MANIFESTWORK                   OBJECTS APPLIED AVAILABLE MESSAGE
        cluster1   nginx-cluster1                 3       True    True      -
        cluster1   broken                         1       False   -         Failed to apply manifest
        """);
  }

  @Test
  void theSourcesSectionKeepsTheDemosLayout() {
    // DemoIT looks for "default/fleet" padded to 24 characters followed by the readiness.
    String sources = StatusTable.sources(STATUS.sources());

    assertThat(sources).contains("default/fleet            True    0123456789ab");
  }

  @Test
  void aLongNameWidensItsColumnInsteadOfBreakingIt() {
    String policies =
        StatusTable.policies(
            List.of(
                new PolicyState("a-binding-policy-with-a-long-name", 1, 1, "True"),
                new PolicyState("short", 2, 2, "False")));

    assertThat(policies.lines())
        .containsExactly(
            "BINDINGPOLICY                     CLUSTERS  OBJECTS  READY",
            "a-binding-policy-with-a-long-name 1         1        True",
            "short                             2         2        False");
  }

  @Test
  void anEmptySystemPrintsHeadersOnly() {
    assertThat(StatusTable.render(new SystemStatus(List.of(), List.of(), List.of())).lines())
        .filteredOn(l -> !l.isEmpty())
        .hasSize(4)
        .allMatch(l -> l.equals(l.toUpperCase()));
  }
}
