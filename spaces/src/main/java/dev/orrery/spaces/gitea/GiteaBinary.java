package dev.orrery.spaces.gitea;

import dev.orrery.spaces.BuildScript;
import java.nio.file.Path;

/**
 * The gitea program built from its pinned Go module by {@code spaces/go/build.sh gitea}, and the
 * directory holding the templates, options and public files it reads at run time.
 */
public record GiteaBinary(Path executable, Path staticRoot) {
  private static GiteaBinary located;

  /**
   * Runs {@code build.sh gitea} (a long compile the first time, cached afterwards) and returns
   * where gitea is. Kept apart from {@code ProgramBinaries.locate()}, since most tests need no
   * forge.
   */
  public static synchronized GiteaBinary locate() {
    if (located == null) {
      Path dir = BuildScript.run("gitea").get("gitea");
      located = new GiteaBinary(dir.resolve("gitea"), dir);
    }
    return located;
  }
}
