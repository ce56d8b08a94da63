package dev.orrery.app.cli;

import picocli.CommandLine.Option;

/** The options naming the WDS and the ITS, shared by the commands that reach a running system. */
final class SpaceOptions {
  @Option(
      names = "--wds-kubeconfig",
      defaultValue = "${env:ORRERY_WDS_KUBECONFIG}",
      description =
          "Kubeconfig of the WDS (default: $ORRERY_WDS_KUBECONFIG, else in-cluster or $KUBECONFIG).")
  String wdsKubeconfig;

  @Option(names = "--wds-context", description = "Context in the WDS kubeconfig.")
  String wdsContext;

  @Option(
      names = "--its-kubeconfig",
      defaultValue = "${env:ORRERY_ITS_KUBECONFIG}",
      description =
          "Kubeconfig of the ITS, the OCM hub (default: $ORRERY_ITS_KUBECONFIG, else in-cluster or $KUBECONFIG).")
  String itsKubeconfig;

  @Option(names = "--its-context", description = "Context in the ITS kubeconfig.")
  String itsContext;
}
