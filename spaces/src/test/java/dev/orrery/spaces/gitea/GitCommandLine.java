package dev.orrery.spaces.gitea;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code git} program, run with an empty home and no system configuration. */
final class GitCommandLine {
  private final Path home;

  GitCommandLine(Path home) {
    this.home = home;
  }

  /** Runs {@code git <args>} in {@code dir} and returns its standard output, trimmed. */
  String run(Path dir, String... args) throws IOException, InterruptedException {
    Files.createDirectories(home);
    List<String> command =
        new ArrayList<>(
            List.of(
                "git",
                "-c",
                "user.name=Orrery Test",
                "-c",
                "user.email=test@orrery.test",
                "-c",
                "init.defaultBranch=main"));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(home, "git-", ".out");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    pb.environment().put("HOME", home.toString());
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    Process git = pb.start();
    if (!git.waitFor(60, TimeUnit.SECONDS)) {
      git.destroyForcibly();
      throw new IllegalStateException("git " + String.join(" ", args) + " did not finish in 60s");
    }
    String text = Files.readString(output, StandardCharsets.UTF_8).strip();
    if (git.exitValue() != 0) {
      throw new IllegalStateException(
          "git " + String.join(" ", args) + " failed (" + git.exitValue() + "):\n" + text);
    }
    return text;
  }
}
