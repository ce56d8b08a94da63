package dev.orrery.app.report;

import java.util.Map;

/**
 * A GitSource's {@code spec.report}: where Orrery writes what each cluster runs. Off by default.
 *
 * @param mode {@code none}; {@code commit} (status files on a branch of the same repository); or
 *     {@code forge} (a commit status on the applied revision in GitHub, Gitea or GitLab)
 * @param branch the status branch (default {@code orrery-status}); never the watched branch, so a
 *     status commit never triggers a reconcile of its own
 * @param path the directory on {@code branch} under which the files go (default: its root), so a
 *     shared branch can hold the status in one place
 * @param authorName commit author name (default {@code Orrery})
 * @param authorEmail commit author email (default {@code orrery@localhost})
 * @param gitNotes also put a note on the applied commit ({@code refs/notes/orrery})
 * @param forge the forge to report to, for mode {@code forge}
 * @param previews in mode {@code forge}, preview pull requests against the watched branch (default
 *     true)
 */
public record ReportSpec(
    String mode,
    String branch,
    String path,
    String authorName,
    String authorEmail,
    boolean gitNotes,
    Forge forge,
    boolean previews) {
  public static final ReportSpec NONE =
      new ReportSpec("none", "orrery-status", "", "Orrery", "orrery@localhost", false, null, false);

  /**
   * A forge: kind ({@code github}, {@code gitea}, {@code gitlab}), its API base URL, and the Secret
   * (in the GitSource's namespace) and key holding the token.
   */
  public record Forge(String kind, String url, String tokenSecret, String tokenKey) {}

  public boolean commits() {
    return "commit".equals(mode);
  }

  public boolean forgeStatuses() {
    return "forge".equals(mode) && forge != null;
  }

  /** Whether pull requests against the watched branch get placement previews. */
  public boolean pullRequestPreviews() {
    return forgeStatuses() && previews;
  }

  /**
   * The directory of one GitSource's status files on the branch: {@code [path/]<namespace>/<name>}.
   */
  public String directory(String namespace, String name) {
    return (path.isEmpty() ? "" : path + "/") + namespace + "/" + name;
  }

  /** Parses {@code spec.report} (absent = off). */
  public static ReportSpec parse(Object value) {
    if (!(value instanceof Map<?, ?> m)) {
      return NONE;
    }
    Forge forge = null;
    if (m.get("forge") instanceof Map<?, ?> f) {
      Map<?, ?> secret = f.get("tokenSecretRef") instanceof Map<?, ?> s ? s : Map.of();
      forge =
          new Forge(
              str(f.get("kind"), "github"),
              str(f.get("url"), ""),
              str(secret.get("name"), ""),
              str(secret.get("key"), "token"));
    }
    String path = str(m.get("path"), "").replaceAll("^/+|/+$", "");
    return new ReportSpec(
        str(m.get("mode"), "none"),
        str(m.get("branch"), "orrery-status"),
        path,
        str(m.get("authorName"), "Orrery"),
        str(m.get("authorEmail"), "orrery@localhost"),
        Boolean.TRUE.equals(m.get("gitNotes")),
        forge,
        !Boolean.FALSE.equals(m.get("previews")));
  }

  private static String str(Object o, String otherwise) {
    return o == null || o.toString().isBlank() ? otherwise : o.toString();
  }
}
