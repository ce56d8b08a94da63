package dev.orrery.gitsource.semver;

/** One primitive comparison of a version against a bound, such as {@code >=1.2.0}. */
record VersionComparator(Operator operator, SemanticVersion bound) {

  /** The primitive comparison operators every range is reduced to. */
  enum Operator {
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    EQ("=");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }
  }

  boolean test(SemanticVersion version) {
    int c = version.compareTo(bound);
    return switch (operator) {
      case LT -> c < 0;
      case LE -> c <= 0;
      case GT -> c > 0;
      case GE -> c >= 0;
      case EQ -> c == 0;
    };
  }

  @Override
  public String toString() {
    return operator.symbol + bound;
  }
}
