package dev.orrery.placement.controller;

import dev.orrery.placement.match.WorkloadRef;
import java.util.Map;

/**
 * One object placed on one cluster by a BindingPolicy, as Orrery last saw it: whether the WEC's
 * agent reports it applied and available (null until it reports), the Git revision it came from
 * (annotation {@code gitops.orrery.dev/revision}, or null), and the status brought back into the
 * WDS object when it is singleton or multi-WEC reported (else null).
 *
 * @param manifest the manifest the cluster's ManifestWork delivers (null before there is one)
 * @param feedback the {@code .status} that cluster's work agent returned for the object (status
 *     feedback, or a WorkStatus), whatever its status-return mode; null when none came back yet
 */
public record PlacedObject(
    String cluster,
    WorkloadRef ref,
    String kind,
    Boolean applied,
    Boolean available,
    String revision,
    Map<String, Object> reportedStatus,
    Map<String, Object> manifest,
    Map<String, Object> feedback) {}
