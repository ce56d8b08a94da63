package dev.orrery.placement.compare;

import dev.orrery.spaces.BuildScript;
import dev.orrery.spaces.LocalSpaces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * KubeStellar v0.30.0's binding controller ({@code ks-binding}: our main around its constructor, as
 * the controller-manager runs it with {@code --controllers=binding}) and its OCM transport
 * controller, as two processes on one WDS/ITS pair, built by {@code spaces/go/build.sh
 * kubestellar}.
 */
final class KubeStellarControllers implements AutoCloseable {
  /** Objects per ManifestWork and bytes per ManifestWork: Orrery's shard limits. */
  static final int MAX_NUM_WRAPPED = 50;

  static final int MAX_SIZE_WRAPPED = 512_000;

  final MeasuredProcess binding;
  final MeasuredProcess transport;

  private KubeStellarControllers(MeasuredProcess binding, MeasuredProcess transport) {
    this.binding = binding;
    this.transport = transport;
  }

  static Path binaries() {
    return BuildScript.run("kubestellar").get("kubestellar");
  }

  static KubeStellarControllers start(LocalSpaces spaces, Path logs) throws InterruptedException {
    Path bin = binaries();
    String wds = spaces.wds().kubeconfig().toString();
    String its = spaces.its().kubeconfig().toString();
    MeasuredProcess binding =
        MeasuredProcess.start(
            "kubestellar binding controller",
            List.of(
                bin.resolve("ks-binding").toString(),
                "--wds-kubeconfig=" + wds,
                "--its-kubeconfig=" + its,
                "--wds-name=wds1",
                "--wds-qps=" + ClientLimits.QPS,
                "--wds-burst=" + ClientLimits.BURST,
                "--its-qps=" + ClientLimits.QPS,
                "--its-burst=" + ClientLimits.BURST,
                "-v=1"),
            logs.resolve("ks-binding.log"));
    try {
      binding.awaitLog("binding controller started", Duration.ofMinutes(3));
    } catch (RuntimeException | InterruptedException e) {
      binding.close();
      throw e;
    }
    MeasuredProcess transport =
        MeasuredProcess.start(
            "kubestellar transport controller",
            List.of(
                bin.resolve("ocm-transport-controller").toString(),
                "--wds-kubeconfig=" + wds,
                "--transport-kubeconfig=" + its,
                "--wds-name=wds1",
                "--wds-qps=" + ClientLimits.QPS,
                "--wds-burst=" + ClientLimits.BURST,
                "--transport-qps=" + ClientLimits.QPS,
                "--transport-burst=" + ClientLimits.BURST,
                "--max-num-wrapped=" + MAX_NUM_WRAPPED,
                "--max-size-wrapped=" + MAX_SIZE_WRAPPED,
                "--metrics-bind-address=127.0.0.1:0",
                "--pprof-bind-address=127.0.0.1:0",
                "-v=1"),
            logs.resolve("ks-transport.log"));
    return new KubeStellarControllers(binding, transport);
  }

  double cpuSeconds() {
    return binding.cpuSeconds() + transport.cpuSeconds();
  }

  void resetPeaks() {
    binding.resetPeak();
    transport.resetPeak();
  }

  @Override
  public void close() {
    transport.close();
    binding.close();
  }
}
