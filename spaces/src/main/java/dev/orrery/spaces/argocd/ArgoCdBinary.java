package dev.orrery.spaces.argocd;

import dev.orrery.spaces.BuildScript;
import java.nio.file.Path;

/**
 * Argo CD built from its pinned Go module by {@code spaces/go/build.sh argocd}: one binary that
 * runs the component it is named after (a link per component), and Argo CD's CRD manifests.
 */
public record ArgoCdBinary(Path directory) {
  private static ArgoCdBinary located;

  /**
   * Runs {@code build.sh argocd} (a long compile the first time, cached afterwards) and returns
   * where Argo CD is. Kept apart from {@code ProgramBinaries.locate()}, since most tests need no
   * Argo CD.
   */
  public static synchronized ArgoCdBinary locate() {
    if (located == null) {
      located = new ArgoCdBinary(BuildScript.run("argocd").get("argocd"));
    }
    return located;
  }

  /** The link that runs {@code component}. */
  public Path executable(ArgoCdComponent component) {
    return directory.resolve(component.programName());
  }

  /** Argo CD's CRDs: Application, ApplicationSet, AppProject (one manifest each). */
  public Path crds() {
    return directory.resolve("crds");
  }
}
