package dev.orrery.spaces.argocd;

/** The Argo CD programs a {@link LocalArgoCd} can run. */
public enum ArgoCdComponent {
  APPLICATIONSET_CONTROLLER("argocd-applicationset-controller"),
  APPLICATION_CONTROLLER("argocd-application-controller"),
  REPO_SERVER("argocd-repo-server");

  private final String programName;

  ArgoCdComponent(String programName) {
    this.programName = programName;
  }

  /** The name the binary is started under, which selects the component. */
  public String programName() {
    return programName;
  }
}
