package dev.orrery.spaces.gitea;

import java.net.URI;

/**
 * A repository on a test forge.
 *
 * @param cloneUrl the plain HTTP clone URL, without credentials
 */
public record GiteaRepository(String owner, String name, String defaultBranch, URI cloneUrl) {

  /** {@code owner/name}, as the REST API paths use it. */
  public String fullName() {
    return owner + "/" + name;
  }
}
