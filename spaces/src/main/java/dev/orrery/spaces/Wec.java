package dev.orrery.spaces;

import java.util.Map;

/**
 * A workload execution cluster: its own space (API server, controller-manager, scheduler, kwok
 * nodes) and an OCM work agent registered in the ITS under {@code name}.
 */
public record Wec(String name, Map<String, String> labels, Space space) {
  public Wec {
    labels = Map.copyOf(labels);
  }
}
