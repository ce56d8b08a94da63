package dev.orrery.app.report.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ForgeCommentMarkerTest {

  @Test
  void theTagIsAHiddenHtmlComment() {
    assertThat(CommentMarker.tag("team-a.apps")).isEqualTo("<!-- orrery:team-a.apps -->");
    assertThat(CommentMarker.tag("gitsource/team-a/apps@prod"))
        .isEqualTo("<!-- orrery:gitsource/team-a/apps@prod -->");
  }

  static Stream<String> badMarkers() {
    return Stream.of("", "-lead", "a--b", "a -->b", "new\nline", "a>b", "x".repeat(201));
  }

  @ParameterizedTest
  @MethodSource("badMarkers")
  void rejectsMarkersThatWouldBreakOrEscapeTheComment(String marker) {
    assertThatThrownBy(() -> CommentMarker.tag(marker))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theBodyCarriesTheTagOnceOnItsFirstLine() {
    String tag = CommentMarker.tag("m");

    assertThat(CommentMarker.mark(tag, "### Orrery\nall synced"))
        .isEqualTo(tag + "\n### Orrery\nall synced");
    assertThat(CommentMarker.mark(tag, "footer kept " + tag)).isEqualTo("footer kept " + tag);
  }

  @Test
  void bodiesDifferingOnlyInLineEndingsAreTheSame() {
    assertThat(CommentMarker.sameBody("a\r\nb\n", "a\nb")).isTrue();
    assertThat(CommentMarker.sameBody("a\nb", "a\nc")).isFalse();
  }
}
