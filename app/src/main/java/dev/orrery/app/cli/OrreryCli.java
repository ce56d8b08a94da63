package dev.orrery.app.cli;

import dev.orrery.app.demo.DemoCommand;
import dev.orrery.app.plan.PlanCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code orrery} command line: {@code serve}, {@code status}, {@code rollout}, {@code demo},
 * {@code plan}, {@code version}.
 */
@Command(
    name = "orrery",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Multi-cluster GitOps in the KubeStellar model.",
    subcommands = {
      ServeCommand.class,
      StatusCommand.class,
      RolloutCommand.class,
      DemoCommand.class,
      PlanCommand.class,
      VersionCommand.class
    })
public final class OrreryCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /**
   * The command line as {@link #main} runs it (enum values such as {@code --output json} in any
   * case).
   */
  public static CommandLine commandLine() {
    return new CommandLine(new OrreryCli()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a command is required (serve, status, rollout, demo, plan, version)");
  }
}
