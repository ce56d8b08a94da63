package dev.orrery.app.cli.status;

/**
 * One ManifestWork in a cluster's mailbox namespace of the ITS, with the OCM work agent's verdict.
 *
 * @param name the ManifestWork's name
 * @param objects how many manifests it carries
 * @param applied the status of its {@code Applied} condition (null: not reported yet)
 * @param available the status of its {@code Available} condition (null: not reported yet)
 * @param message the message of the first of those two conditions that is not {@code True}
 */
public record WorkState(
    String name, int objects, String applied, String available, String message) {}
