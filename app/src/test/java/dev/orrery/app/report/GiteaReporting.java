package dev.orrery.app.report;

import static dev.orrery.app.demo.LocalGitServer.git;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orrery.spaces.gitea.GiteaServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A test fixture for GitSources that report to a real Gitea: the forge, one repository of its admin
 * user with a work clone to commit and push from, the token Secret in the WDS, GitSource manifests
 * with {@code report.mode: forge} or {@code commit}, and reading back the commit statuses Gitea
 * holds (all of them, in the order they were written).
 */
public final class GiteaReporting implements AutoCloseable {
  /** The Secret holding the admin token under {@code token} (forge API and Git over HTTP). */
  public static final String TOKEN_SECRET = "gitea-token";

  private final GiteaServer gitea;
  private final String repository;
  private final Path work;

  private GiteaReporting(GiteaServer gitea, String repository, Path work) {
    this.gitea = gitea;
    this.repository = repository;
    this.work = work;
  }

  /** Starts Gitea in {@code dir/gitea}, creates {@code repository} and clones it to dir/work. */
  public static GiteaReporting start(Path dir, String repository)
      throws IOException, InterruptedException {
    GiteaServer gitea = GiteaServer.start(dir.resolve("gitea"));
    try {
      gitea.createRepository(repository);
      Path work = Files.createDirectories(dir.resolve("work"));
      git(
          dir,
          "clone",
          "-q",
          gitea.cloneUrl(gitea.adminUser(), repository).toString(),
          work.toString());
      git(work, "config", "user.name", "dev");
      git(work, "config", "user.email", "dev@example.com");
      return new GiteaReporting(gitea, repository, work);
    } catch (IOException | InterruptedException | RuntimeException e) {
      gitea.close();
      throw e;
    }
  }

  public GiteaServer gitea() {
    return gitea;
  }

  public Path work() {
    return work;
  }

  /** The forge's base URL without a trailing slash. */
  public String baseUrl() {
    return gitea.baseUrl().toString().replaceAll("/+$", "");
  }

  /** The repository's HTTP clone URL, without credentials. */
  public String repositoryUrl() {
    return baseUrl() + "/" + gitea.adminUser() + "/" + repository + ".git";
  }

  /** Writes files into the work clone (path relative to its root → content). */
  public GiteaReporting write(Map<String, String> files) throws IOException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path file = work.resolve(f.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, f.getValue());
    }
    return this;
  }

  /** Commits everything in the work clone; returns the commit's SHA. */
  public String commit(String message) throws IOException, InterruptedException {
    git(work, "add", "-A");
    git(work, "commit", "-q", "--allow-empty", "-m", message);
    return git(work, "rev-parse", "HEAD");
  }

  /** Pushes branch main to Gitea. */
  public void push() throws IOException, InterruptedException {
    git(work, "push", "-q", "origin", "main");
  }

  /** Commits and pushes; returns the commit's SHA. */
  public String commitAndPush(String message) throws IOException, InterruptedException {
    String sha = commit(message);
    push();
    return sha;
  }

  /** Creates {@link #TOKEN_SECRET} in {@code namespace} of the WDS (token and username). */
  public void createTokenSecret(KubernetesClient wds, String namespace) {
    wds.resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(TOKEN_SECRET)
                .withNamespace(namespace)
                .endMetadata()
                .addToStringData("token", gitea.token())
                .addToStringData("username", gitea.adminUser())
                .build())
        .create();
  }

  /** {@code spec.report} for commit statuses on this Gitea, as a YAML flow mapping. */
  public String forgeReport() {
    return "{mode: forge, forge: {kind: gitea, url: %s, tokenSecretRef: {name: %s}}}"
        .formatted(baseUrl(), TOKEN_SECRET);
  }

  /**
   * A GitSource manifest: {@code url}, fetched every {@code interval}, with {@code paths} (none:
   * the whole repository), the credentials Secret {@code secretName} (null: none) and {@code
   * report} (a YAML flow mapping).
   */
  public static GenericKubernetesResource gitSource(
      String namespace,
      String name,
      String url,
      String interval,
      List<String> paths,
      String secretName,
      String report) {
    return Serialization.unmarshal(
        """
        apiVersion: gitops.orrery.dev/v1alpha1
        kind: GitSource
        metadata: {name: %s, namespace: %s}
        spec:
          url: %s
          interval: %s
          %s
          %s
          report: %s
        """
            .formatted(
                name,
                namespace,
                url,
                interval,
                paths.isEmpty() ? "" : "paths: [" + String.join(", ", paths) + "]",
                secretName == null ? "" : "secretRef: {name: " + secretName + "}",
                report),
        GenericKubernetesResource.class);
  }

  /** The newest status Gitea shows for {@code context} on {@code sha}. */
  public Optional<JsonNode> latestStatus(String sha, String context) {
    for (JsonNode s : api("/commits/" + sha + "/status").path("statuses")) {
      if (context.equals(s.path("context").asText())) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** Every status Gitea holds for {@code context} on {@code sha}, oldest first. */
  public List<JsonNode> statuses(String sha, String context) {
    List<JsonNode> all = new ArrayList<>();
    for (int page = 1; page < 1000; page++) {
      JsonNode items = api("/commits/" + sha + "/statuses?limit=50&page=" + page);
      if (!items.isArray() || items.isEmpty()) {
        break;
      }
      items.forEach(all::add);
    }
    return all.stream()
        .filter(s -> context.equals(s.path("context").asText()))
        .sorted(Comparator.comparingLong(s -> s.path("id").asLong()))
        .toList();
  }

  /**
   * The statuses that repeat the one before them (same state, description and link): a status sent
   * twice where once was meant. Gitea keeps every status written, so a changed state following
   * another is history, not a duplicate.
   */
  public static List<JsonNode> repeated(List<JsonNode> statuses) {
    List<JsonNode> out = new ArrayList<>();
    for (int i = 1; i < statuses.size(); i++) {
      if (same(statuses.get(i - 1), statuses.get(i))) {
        out.add(statuses.get(i));
      }
    }
    return out;
  }

  private static boolean same(JsonNode a, JsonNode b) {
    return Objects.equals(a.path("status").asText(), b.path("status").asText())
        && Objects.equals(a.path("description").asText(), b.path("description").asText())
        && Objects.equals(a.path("target_url").asText(), b.path("target_url").asText());
  }

  private JsonNode api(String repoPath) {
    return gitea.api().get("/repos/" + gitea.adminUser() + "/" + repository + repoPath);
  }

  @Override
  public void close() {
    gitea.close();
  }
}
