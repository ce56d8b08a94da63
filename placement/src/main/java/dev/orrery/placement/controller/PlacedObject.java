package dev.orrery.placement.controller;

import dev.orrery.placement.match.WorkloadRef;
import java.util.Map;

/**
 * One object placed on one cluster by a BindingPolicy, as Orrery last saw it: whether the WEC's
 * agent reports it applied and available (null until it reports), the Git revision it came from
 * (annotation {@code gitops.orrery.dev/revision}, or null), and the status brought back into the
 * WDS object when it is singleton or multi-WEC reported (else null).
 */
public record PlacedObject(
    String cluster,
    WorkloadRef ref,
    String kind,
    Boolean applied,
    Boolean available,
    String revision,
    Map<String, Object> reportedStatus) {}
