package dev.orrery.app.dashboard;

import java.util.Map;

/**
 * A write the dashboard may make, offered at {@code POST /api/v1/dashboard/actions/{name}} once
 * {@code orrery.dashboard.actions-enabled} is set and the caller presents the write token. Each
 * action is a bean: rollout actions (pause, resume, promote, abort) plug in by adding one.
 */
public interface DashboardAction {

  /** The URL name, e.g. {@code confirm-deletions}. */
  String name();

  /** One sentence for the confirmation dialog. */
  String description();

  /**
   * Performs the action on {@code parameters} (the request's JSON object, strings only).
   *
   * @return what was done, one sentence
   * @throws ActionException when the request is wrong or the target is not in the right state
   */
  String perform(Map<String, String> parameters);

  /** An action refused: the HTTP status and why. */
  final class ActionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ActionException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }
}
