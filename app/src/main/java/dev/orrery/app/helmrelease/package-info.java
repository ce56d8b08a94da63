/**
 * Helm's own release records for charts rendered from Git: the {@code
 * sh.helm.release.v1.<name>.v<N>} Secrets that {@code helm list}, {@code helm status} and {@code
 * helm history} read, written in Helm's storage format and placed with the chart's objects.
 */
package dev.orrery.app.helmrelease;
