package dev.orrery.gitsource.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.junit.TestRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** Bare "remote" repositories built in code, and the git command line run as a user would. */
public final class GitFixtures {

  private GitFixtures() {}

  /** Creates an empty bare repository {@code name} under {@code root}, its HEAD on {@code main}. */
  public static Repository createBare(Path root, String name) throws IOException {
    Repository repository =
        new FileRepositoryBuilder().setGitDir(root.resolve(name).toFile()).setBare().build();
    repository.create(true);
    repository.updateRef(Constants.HEAD).link("refs/heads/main");
    StoredConfig config = repository.getConfig();
    config.setBoolean("http", null, "receivepack", true);
    config.save();
    return repository;
  }

  /** A commit builder over {@code repository}. */
  public static TestRepository<Repository> builder(Repository repository) throws IOException {
    return new TestRepository<>(repository);
  }

  /** Lets the server hand out any reachable commit by id, as GitHub, GitLab and Gitea do. */
  public static void allowReachableShaInWant(Repository repository) throws IOException {
    StoredConfig config = repository.getConfig();
    config.setBoolean("uploadpack", null, "allowReachableSHA1InWant", true);
    config.save();
  }

  /**
   * Runs {@code git} with an isolated configuration (no system or global config, no prompts) in
   * {@code dir}, and returns its standard output.
   */
  public static String git(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.add("-c");
    command.add("user.name=Test User");
    command.add("-c");
    command.add("user.email=test@example.com");
    command.add("-c");
    command.add("init.defaultBranch=main");
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    pb.environment().put("HOME", dir.toString());
    try {
      Process process = pb.start();
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      process.getInputStream().transferTo(output);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("git " + String.join(" ", args) + " timed out");
      }
      String text = output.toString(StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "git " + String.join(" ", args) + " failed (" + process.exitValue() + "): " + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
