package dev.orrery.spaces.gitea;

import dev.orrery.spaces.SpacesException;

/** A Gitea REST call answered with an error status; carries the status and Gitea's message. */
public final class GiteaApiException extends SpacesException {
  private final int status;

  GiteaApiException(String method, String path, int status, String body) {
    super(method + " " + path + " answered " + status + ": " + body);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
