package dev.orrery.spaces;

import java.nio.file.Path;
import java.util.Map;

/**
 * The real programs behind local spaces, as built from pinned Go modules by {@code
 * spaces/go/build.sh} into a cache outside the repository.
 */
public record ProgramBinaries(
    Path etcd,
    Path kubeApiserver,
    Path kubeControllerManager,
    Path kubeScheduler,
    Path kubectl,
    Path kwok,
    Path kwokStages,
    Path workAgent,
    Path ocmCrds,
    Path registration,
    Path registrationCrds) {

  private static ProgramBinaries located;

  /**
   * Runs the build script (which only builds what its cache lacks) and returns where the programs
   * are; see {@link BuildScript#repositoryRoot()} for how the repository is found.
   */
  public static synchronized ProgramBinaries locate() {
    if (located == null) {
      located = fromBuild(BuildScript.run("kubernetes", "etcd", "kwok", "ocm", "registration"));
    }
    return located;
  }

  private static ProgramBinaries fromBuild(Map<String, Path> dirs) {
    Path kube = dirs.get("kubernetes");
    Path ocm = dirs.get("ocm");
    Path kwok = dirs.get("kwok");
    return new ProgramBinaries(
        dirs.get("etcd").resolve("etcd"),
        kube.resolve("kube-apiserver"),
        kube.resolve("kube-controller-manager"),
        kube.resolve("kube-scheduler"),
        kube.resolve("kubectl"),
        kwok.resolve("kwok"),
        kwok.resolve("stages.yaml"),
        ocm.resolve("work"),
        ocm.resolve("crds"),
        dirs.get("registration").resolve("registration"),
        dirs.get("registration").resolve("crds"));
  }
}
