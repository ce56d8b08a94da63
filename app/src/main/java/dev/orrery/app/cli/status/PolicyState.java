package dev.orrery.app.cli.status;

/**
 * A BindingPolicy as {@code orrery status} shows it; null where the status does not say yet.
 *
 * @param name its name
 * @param clusters {@code status.selectedClusterCount}
 * @param objects {@code status.selectedObjectCount}
 * @param ready the status of its {@code Ready} condition
 */
public record PolicyState(String name, Integer clusters, Integer objects, String ready) {}
