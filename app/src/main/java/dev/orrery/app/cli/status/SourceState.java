package dev.orrery.app.cli.status;

/**
 * A GitSource as {@code orrery status} shows it; null where the status does not say yet.
 *
 * @param namespace its namespace
 * @param name its name
 * @param ready the status of its {@code Ready} condition ({@code True}, {@code False}, {@code
 *     Unknown})
 * @param reason that condition's reason
 * @param revision {@code status.lastAppliedRevision}, the commit last applied
 * @param message that condition's message
 */
public record SourceState(
    String namespace, String name, String ready, String reason, String revision, String message) {

  /** {@code namespace/name}. */
  public String key() {
    return namespace + "/" + name;
  }
}
