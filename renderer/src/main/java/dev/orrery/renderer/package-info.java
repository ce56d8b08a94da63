/**
 * Orrery's renderer: turns one Git revision (a {@link dev.orrery.renderer.SourceTree}) into the
 * ordered list of desired Kubernetes objects it describes, each with the file and line it came
 * from, or into a complete list of errors that reject the revision as a whole.
 *
 * <p>Inputs are plain YAML and JSON manifests (multi-document, {@code kind: List} expanded) and
 * Helm charts, rendered with the real Helm engine through helm-java. {@code .orreryignore} files
 * (gitignore syntax) hide files. The module is pure: it never talks to a Kubernetes cluster and
 * depends on no Kubernetes client; the only I/O is reading the tree, a temporary directory for
 * Helm, and Helm's own download of chart dependencies that are declared but not vendored.
 *
 * <p>Entry point: {@link dev.orrery.renderer.Renderer#render(dev.orrery.renderer.RenderRequest)}. A
 * {@code Renderer} caches parse results by content id and chart renders by a hash of the chart's
 * inputs, so re-rendering a revision that changed one file re-parses only that file.
 */
package dev.orrery.renderer;
