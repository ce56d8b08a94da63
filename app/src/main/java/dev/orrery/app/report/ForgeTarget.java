package dev.orrery.app.report;

import dev.orrery.app.gitsource.SecretCredentials;
import dev.orrery.app.report.forge.ForgeClient;
import dev.orrery.app.report.forge.ForgeConnection;
import dev.orrery.app.report.forge.ForgeToken;
import dev.orrery.app.report.forge.GitHubClient;
import dev.orrery.app.report.forge.GitLabClient;
import dev.orrery.app.report.forge.GiteaClient;
import dev.orrery.app.report.forge.RepoRef;
import dev.orrery.gitsource.webhook.Forge;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;

/**
 * Where a GitSource's reports go on its forge: the API client, with the token read from the Secret
 * named in {@code spec.report.forge}, and the repository the GitSource's URL names there.
 */
public record ForgeTarget(ForgeClient client, RepoRef repo) {

  /**
   * Reads the token from {@code forge.tokenSecretRef} in {@code namespace} and builds the client.
   *
   * @throws RuntimeException when the Secret or its key is missing (the message names them, never
   *     the token)
   */
  public static ForgeTarget of(
      KubernetesClient wds, String namespace, ReportSpec.Forge forge, String repositoryUrl) {
    String token =
        SecretCredentials.secretValue(wds, namespace, forge.tokenSecret(), forge.tokenKey());
    ForgeConnection connection = ForgeConnection.of(URI.create(forge.url()), ForgeToken.of(token));
    Forge kind =
        Forge.byTag(forge.kind())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "spec.report.forge.kind '"
                            + forge.kind()
                            + "' is not github, gitea or gitlab"));
    ForgeClient client =
        switch (kind) {
          case GITEA -> new GiteaClient(connection);
          case GITLAB -> new GitLabClient(connection);
          case GITHUB -> new GitHubClient(connection);
        };
    RepoRef repo =
        kind == Forge.GITHUB
            ? RepoRef.parse(repositoryUrl)
            : RepoRef.parse(repositoryUrl, URI.create(forge.url()));
    return new ForgeTarget(client, repo);
  }
}
