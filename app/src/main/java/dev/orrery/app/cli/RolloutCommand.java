package dev.orrery.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orrery.app.cli.status.SpaceUnreadableException;
import dev.orrery.app.cli.status.StatusReader;
import dev.orrery.app.rollout.RolloutRequest;
import dev.orrery.app.rollout.RolloutTable;
import dev.orrery.app.rollout.RolloutView;
import dev.orrery.placement.controller.Apis;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.placement.rollout.RolloutPolicySpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orrery rollout status|pause|resume|promote|abort}: shows the rollouts of BindingPolicies a
 * RolloutPolicy governs, from their BindingRevisions in the WDS, and steers them through the
 * annotations Orrery reads on the BindingPolicy. Exit 0 when done, 1 when the WDS cannot be reached
 * or read or the BindingPolicy does not exist, 2 on bad flags.
 */
@Command(
    name = "rollout",
    description = "Show and steer progressive rollouts (see docs/rollouts.md).",
    subcommands = {
      RolloutCommand.Status.class,
      RolloutCommand.Pause.class,
      RolloutCommand.Resume.class,
      RolloutCommand.Promote.class,
      RolloutCommand.Abort.class
    })
public final class RolloutCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required (status, pause, resume, promote, abort)");
  }

  /** What every rollout subcommand shares: the WDS it reaches and how long it waits. */
  abstract static class WdsCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin SpaceOptions spaces;

    @Option(
        names = "--timeout",
        defaultValue = "5",
        description = "Seconds to wait for the WDS to answer (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() {
      if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--timeout must be between 1 and 3600 seconds");
      }
      PrintWriter err = spec.commandLine().getErr();
      String missing =
          SpaceConnections.missingFile("WDS", "--wds-kubeconfig", spaces.wdsKubeconfig);
      if (missing != null) {
        return fail(missing);
      }
      try (KubernetesClient wds =
          SpaceConnections.connect(
              "WDS", spaces.wdsKubeconfig, spaces.wdsContext, timeoutSeconds)) {
        int code = run(wds, spec.commandLine().getOut(), err);
        spec.commandLine().getOut().flush();
        return code;
      } catch (SpaceUnreadableException | SpaceConnections.UnusableSpaceException e) {
        return fail(e.getMessage());
      }
    }

    /** The subcommand's work; returns the exit code. */
    abstract int run(KubernetesClient wds, PrintWriter out, PrintWriter err);

    int fail(String message) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("orrery rollout " + spec.name() + ": " + message);
      err.flush();
      return CommandLine.ExitCode.SOFTWARE;
    }
  }

  /** Output formats of {@code rollout status}. */
  enum Output {
    TABLE,
    JSON
  }

  @Command(
      name = "status",
      description =
          "Show each governed BindingPolicy's current revision, phase, wave, clusters updated, and"
              + " per cluster its wave, revision and health.")
  static final class Status extends WdsCommand {
    @Parameters(
        arity = "0..1",
        paramLabel = "BINDINGPOLICY",
        description = "Only this BindingPolicy (default: all governed ones).")
    String bindingPolicy;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "table",
        description = "table or json (default ${DEFAULT-VALUE}).")
    Output output;

    @Override
    int run(KubernetesClient wds, PrintWriter out, PrintWriter err) {
      List<RolloutView> rollouts = StatusReader.rollouts(wds);
      if (bindingPolicy != null) {
        rollouts = rollouts.stream().filter(r -> r.bindingPolicy().equals(bindingPolicy)).toList();
        if (rollouts.isEmpty()) {
          return fail(
              "no rollout for BindingPolicy "
                  + bindingPolicy
                  + " (no RolloutPolicy governs it, or it has placed nothing yet)");
        }
      }
      out.print(output == Output.JSON ? json(rollouts) : RolloutTable.render(rollouts));
      return CommandLine.ExitCode.OK;
    }

    private static String json(List<RolloutView> rollouts) {
      try {
        return new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(Map.of("rollouts", rollouts))
            + "\n";
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write the rollouts as JSON", e);
      }
    }
  }

  /** Sets the annotation of one request on a BindingPolicy. */
  abstract static class Steer extends WdsCommand {
    @Parameters(index = "0", paramLabel = "BINDINGPOLICY", description = "The BindingPolicy.")
    String bindingPolicy;

    abstract RolloutRequest request();

    @Override
    int run(KubernetesClient wds, PrintWriter out, PrintWriter err) {
      try {
        return steer(wds, out, err);
      } catch (KubernetesClientException e) {
        throw new SpaceUnreadableException(
            SpaceUnreadableException.describe(
                "WDS",
                String.valueOf(wds.getMasterUrl()),
                Apis.BINDING_POLICIES.getPlural() + "." + Apis.BINDING_POLICIES.getGroup(),
                e),
            e);
      }
    }

    private int steer(KubernetesClient wds, PrintWriter out, PrintWriter err) {
      var policies = wds.genericKubernetesResources(Apis.BINDING_POLICIES);
      GenericKubernetesResource policy = policies.withName(bindingPolicy).get();
      if (policy == null) {
        return fail("no BindingPolicy named " + bindingPolicy + " in the WDS");
      }
      RolloutRequest request = request();
      Map<String, String> annotations = request.annotations(Instant.now());
      policies
          .withName(bindingPolicy)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE), json(RolloutRequest.mergePatch(annotations)));
      out.println(
          "bindingpolicy/"
              + bindingPolicy
              + " "
              + request.done()
              + " ("
              + describe(annotations)
              + ")");
      warnings(wds, policy, request).forEach(err::println);
      err.flush();
      return CommandLine.ExitCode.OK;
    }

    private static String json(Object value) {
      try {
        return new ObjectMapper().writeValueAsString(value);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write the patch", e);
      }
    }

    private static String describe(Map<String, String> annotations) {
      return String.join(
          ", ",
          annotations.entrySet().stream()
              .map(
                  e ->
                      e.getValue() == null
                          ? "removed " + e.getKey()
                          : e.getKey() + "=" + e.getValue())
              .toList());
    }

    /**
     * Why the request may have no effect: nothing governs the policy, or its RolloutPolicy is
     * paused.
     */
    private static List<String> warnings(
        KubernetesClient wds, GenericKubernetesResource policy, RolloutRequest request) {
      String name = policy.getMetadata().getName();
      Map<String, String> labels =
          policy.getMetadata().getLabels() == null ? Map.of() : policy.getMetadata().getLabels();
      List<GenericKubernetesResource> rolloutPolicies;
      try {
        rolloutPolicies = wds.genericKubernetesResources(Apis.ROLLOUT_POLICIES).list().getItems();
      } catch (KubernetesClientException e) {
        return List.of("warning: cannot list RolloutPolicies: " + e.getMessage());
      }
      List<GenericKubernetesResource> governing =
          rolloutPolicies.stream()
              .filter(
                  rp -> {
                    var parsed =
                        RolloutPolicySpec.parse(
                            Unstructured.asMap(rp.getAdditionalProperties().get("spec")));
                    return parsed.value() != null && parsed.value().governs(name, labels);
                  })
              .toList();
      if (governing.isEmpty()) {
        return List.of(
            "warning: no valid RolloutPolicy governs BindingPolicy "
                + name
                + "; the annotation takes effect once one does");
      }
      if (request == RolloutRequest.RESUME) {
        return governing.stream()
            .filter(
                rp ->
                    Boolean.TRUE.equals(
                        Unstructured.asMap(rp.getAdditionalProperties().get("spec")).get("paused")))
            .map(
                rp ->
                    "warning: RolloutPolicy "
                        + rp.getMetadata().getName()
                        + " has spec.paused: true; its rollouts stay paused until that is unset")
            .toList();
      }
      return List.of();
    }
  }

  @Command(
      name = "pause",
      description = "Start no further wave (annotation rollout.orrery.dev/paused=true).")
  static final class Pause extends Steer {
    @Override
    RolloutRequest request() {
      return RolloutRequest.PAUSE;
    }
  }

  @Command(
      name = "resume",
      description = "Resume a paused rollout (removes rollout.orrery.dev/paused).")
  static final class Resume extends Steer {
    @Override
    RolloutRequest request() {
      return RolloutRequest.RESUME;
    }
  }

  @Command(
      name = "promote",
      description =
          "Pass the current wave now, also past a failure (annotation rollout.orrery.dev/promote).")
  static final class Promote extends Steer {
    @Override
    RolloutRequest request() {
      return RolloutRequest.PROMOTE;
    }
  }

  @Command(
      name = "abort",
      description =
          "Roll the current rollout back to the last succeeded revision, or halt it when there is none (annotation rollout.orrery.dev/abort).")
  static final class Abort extends Steer {
    @Override
    RolloutRequest request() {
      return RolloutRequest.ABORT;
    }
  }
}
