package dev.orrery.spaces;

/** A local space could not be built, started or reached; the message says what and why. */
public class SpacesException extends RuntimeException {
  public SpacesException(String message) {
    super(message);
  }

  public SpacesException(String message, Throwable cause) {
    super(message, cause);
  }
}
