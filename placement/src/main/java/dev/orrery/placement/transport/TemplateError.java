package dev.orrery.placement.transport;

/**
 * Why template expansion of one object failed for one cluster (reported in {@code
 * Binding.status.errors}; the previously delivered version of the object stays in place).
 *
 * @param object the object, e.g. {@code ConfigMap default/app}
 * @param cluster the cluster whose properties were used
 * @param fieldPath where in the object the template sits, e.g. {@code data.url}
 * @param key the missing property, or {@code ""} when the template itself is malformed
 * @param message a complete human-readable message naming object, cluster and key
 */
public record TemplateError(
    String object, String cluster, String fieldPath, String key, String message) {}
