package dev.orrery.app.report;

import java.util.Map;

/**
 * A GitSource's {@code spec.report}: where Orrery writes what each cluster runs. Off by default.
 *
 * @param mode {@code none} or {@code commit} (status files on a branch of the same repository)
 * @param branch the status branch (default {@code orrery-status}); never the watched branch, so a
 *     status commit never triggers a reconcile of its own
 * @param authorName commit author name (default {@code Orrery})
 * @param authorEmail commit author email (default {@code orrery@localhost})
 * @param gitNotes also put a note on the applied commit ({@code refs/notes/orrery})
 */
public record ReportSpec(String mode, String branch, String authorName, String authorEmail, boolean gitNotes) {
  public static final ReportSpec NONE = new ReportSpec("none", "orrery-status", "Orrery", "orrery@localhost", false);

  public boolean commits() {
    return "commit".equals(mode);
  }

  /** Parses {@code spec.report} (absent = off). */
  public static ReportSpec parse(Object value) {
    if (!(value instanceof Map<?, ?> m)) {
      return NONE;
    }
    return new ReportSpec(str(m.get("mode"), "none"), str(m.get("branch"), "orrery-status"),
        str(m.get("authorName"), "Orrery"), str(m.get("authorEmail"), "orrery@localhost"),
        Boolean.TRUE.equals(m.get("gitNotes")));
  }

  private static String str(Object o, String otherwise) {
    return o == null || o.toString().isBlank() ? otherwise : o.toString();
  }
}
