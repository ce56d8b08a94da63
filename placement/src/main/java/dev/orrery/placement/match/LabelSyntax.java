package dev.orrery.placement.match;

import java.util.Optional;
import java.util.regex.Pattern;

/** Kubernetes syntax rules for label keys and values, as used by label selector validation. */
final class LabelSyntax {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private LabelSyntax() {}

  /** Returns why {@code key} is not a valid label key (qualified name), or empty when valid. */
  static Optional<String> keyProblem(String key) {
    String name = key;
    int slash = key.indexOf('/');
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
        return Optional.of(
            "label key \"" + key + "\" has an invalid prefix (must be a DNS subdomain)");
      }
    }
    if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
      return Optional.of(
          "label key \""
              + key
              + "\" is invalid (name part must be 1-63 alphanumerics, '-', '_' or '.',"
              + " starting and ending with an alphanumeric)");
    }
    return Optional.empty();
  }

  /** Returns why {@code value} is not a valid label value, or empty when valid. */
  static Optional<String> valueProblem(String value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.length() > 63 || !NAME.matcher(value).matches()) {
      return Optional.of(
          "label value \""
              + value
              + "\" is invalid (at most 63 alphanumerics, '-', '_' or '.',"
              + " starting and ending with an alphanumeric)");
    }
    return Optional.empty();
  }
}
