package dev.orrery.app.gitsource;

/** How Orrery shows a Git revision to people: its first 12 characters, everywhere. */
public final class Revisions {
  /** Characters of a commit id shown in messages, tables, comments and status commits. */
  public static final int SHORT_LENGTH = 12;

  private Revisions() {}

  /**
   * The first {@value #SHORT_LENGTH} characters of {@code revision} (all of a shorter one); null
   * stays null.
   */
  public static String shortForm(String revision) {
    return revision == null
        ? null
        : revision.substring(0, Math.min(SHORT_LENGTH, revision.length()));
  }
}
