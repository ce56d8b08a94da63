package dev.orrery.app.report.forge;

/** The Git forges Orrery reports to, with the name used in metrics and messages. */
public enum ForgeKind {
  GITHUB("github", "GitHub"),
  GITEA("gitea", "Gitea"),
  GITLAB("gitlab", "GitLab");

  private final String tag;
  private final String displayName;

  ForgeKind(String tag, String displayName) {
    this.tag = tag;
    this.displayName = displayName;
  }

  /** The lower-case name used as a metric tag. */
  public String tag() {
    return tag;
  }

  /** The product name used in messages. */
  public String displayName() {
    return displayName;
  }
}
