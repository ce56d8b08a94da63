package dev.orrery.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code orrery version}. */
@Command(name = "version", description = "Print Orrery's version.")
public final class VersionCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().getOut().println("orrery " + version());
  }

  static String version() {
    String v = VersionCommand.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  /** Supplies {@code orrery --version}. */
  public static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"orrery " + version()};
    }
  }
}
