package dev.orrery.app.sync;

/** A Kubernetes resource type as discovery (or a CRD in the same revision) describes it. */
public record ResourceType(String group, String version, String kind, String plural, boolean namespaced) {

  /** {@code group/version}, or just {@code version} for the core group. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }
}
