package dev.orrery.app.gitsource;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RevisionsTest {
  @Test
  void aShortRevisionIsTwelveCharactersOrLess() {
    assertThat(Revisions.shortForm("0123456789abcdef")).isEqualTo("0123456789ab");
    assertThat(Revisions.shortForm("abc")).isEqualTo("abc");
    assertThat(Revisions.shortForm(null)).isNull();
  }
}
