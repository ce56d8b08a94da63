package dev.orrery.gitsource.semver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SemverRangeTest {

  @ParameterizedTest(name = "''{0}'' matches {1}: {2}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          # range                 ; version        ; matches
          >=1.2.0 <2.0.0          ; 1.2.0          ; true
          >=1.2.0 <2.0.0          ; 1.9.9          ; true
          >=1.2.0 <2.0.0          ; 2.0.0          ; false
          >=1.2.0 <2.0.0          ; 1.1.9          ; false
          >=1.2.0 <2.0.0          ; 1.5.0-rc.1     ; false
          >=1.2.0, <2.0.0         ; 1.3.0          ; true
          >= 1.2.0 < 2.0.0        ; 1.3.0          ; true
          >1.2.3                  ; 1.2.3          ; false
          >1.2.3                  ; 1.2.4          ; true
          >1.2                    ; 1.2.9          ; false
          >1.2                    ; 1.3.0          ; true
          >1                      ; 1.9.9          ; false
          >1                      ; 2.0.0          ; true
          <1.2                    ; 1.1.9          ; true
          <1.2                    ; 1.2.0          ; false
          <=1.2                   ; 1.2.9          ; true
          <=1.2                   ; 1.3.0          ; false
          <=1.2.3                 ; 1.2.3          ; true
          <=1.2.3                 ; 1.2.4          ; false
          ^1.2                    ; 1.2.0          ; true
          ^1.2                    ; 1.9.0          ; true
          ^1.2                    ; 2.0.0          ; false
          ^1.2                    ; 1.1.9          ; false
          ^1.2.3                  ; 1.2.2          ; false
          ^1.2.3                  ; 1.99.0         ; true
          ^0.2.3                  ; 0.2.9          ; true
          ^0.2.3                  ; 0.3.0          ; false
          ^0.0.3                  ; 0.0.3          ; true
          ^0.0.3                  ; 0.0.4          ; false
          ^0.0                    ; 0.0.9          ; true
          ^0.0                    ; 0.1.0          ; false
          ^0                      ; 0.9.0          ; true
          ^0                      ; 1.0.0          ; false
          ^1.x                    ; 1.5.0          ; true
          ~1.2.3                  ; 1.2.9          ; true
          ~1.2.3                  ; 1.3.0          ; false
          ~1.2.3                  ; 1.2.2          ; false
          ~1.2                    ; 1.2.0          ; true
          ~1.2                    ; 1.3.0          ; false
          ~1                      ; 1.9.0          ; true
          ~1                      ; 2.0.0          ; false
          ~>1.2.3                 ; 1.2.5          ; true
          1.x                     ; 1.0.0          ; true
          1.x                     ; 1.99.99        ; true
          1.x                     ; 2.0.0          ; false
          1.x                     ; 0.9.0          ; false
          1.2.x                   ; 1.2.7          ; true
          1.2.x                   ; 1.3.0          ; false
          1.*                     ; 1.4.0          ; true
          1                       ; 1.4.0          ; true
          1.2                     ; 1.2.4          ; true
          1.2                     ; 1.3.0          ; false
          *                       ; 7.0.0          ; true
          *                       ; 7.0.0-rc.1     ; false
          ''                      ; 0.0.1          ; true
          x                       ; 3.1.4          ; true
          1.2.3                   ; 1.2.3          ; true
          1.2.3                   ; 1.2.4          ; false
          v1.2.3                  ; 1.2.3          ; true
          =1.2.3                  ; 1.2.3          ; true
          =1.2.3                  ; 1.2.3+build.7  ; true
          1.2.3-rc.1              ; 1.2.3-rc.1     ; true
          1.2.3-rc.1              ; 1.2.3          ; false
          1.2.3 - 2.3.4           ; 2.3.4          ; true
          1.2.3 - 2.3.4           ; 2.3.5          ; false
          1.2.3 - 2.3.4           ; 1.2.2          ; false
          1.2 - 2.3               ; 2.3.9          ; true
          1.2 - 2.3               ; 2.4.0          ; false
          1.2 - 2.3               ; 1.2.0          ; true
          1.2.3 - 2               ; 2.9.9          ; true
          1.2.3 - 2               ; 3.0.0          ; false
          >=1.2.0-rc.1 <2.0.0     ; 1.2.0-rc.2     ; true
          >=1.2.0-rc.1 <2.0.0     ; 1.2.0-rc.0     ; false
          >=1.2.0-rc.1 <2.0.0     ; 1.3.0-rc.1     ; false
          >=1.2.0-rc.1 <2.0.0     ; 1.3.0          ; true
          ^1.2.3-beta.2           ; 1.2.3-beta.4   ; true
          ^1.2.3-beta.2           ; 1.2.4-beta.2   ; false
          ^1.2.3-beta.2           ; 1.2.4          ; true
          ~1.2.3-beta.2           ; 1.2.3-beta.10  ; true
          ^1.2                    ; 2.0.0-alpha    ; false
          <2.0.0                  ; 2.0.0-alpha    ; false
          <2.0.0-beta             ; 2.0.0-alpha    ; true
          <2.0.0-beta             ; 2.0.0-beta     ; false
          1.x || >=3.0.0 <3.2.0   ; 3.1.0          ; true
          1.x || >=3.0.0 <3.2.0   ; 2.0.0          ; false
          1.x || >=3.0.0 <3.2.0   ; 1.0.1          ; true
          ^1.0.0 || 2.0.0-rc.1    ; 2.0.0-rc.1     ; true
          ^1.0.0 || 2.0.0-rc.1    ; 2.0.0-rc.2     ; false
          >*                      ; 1.0.0          ; false
          <*                      ; 1.0.0          ; false
          """)
  void evaluatesRanges(String range, String version, boolean matches) {
    SemverRange parsed = SemverRange.parse(range);
    SemanticVersion v = SemanticVersion.parse(version).orElseThrow();
    assertThat(parsed.satisfiedBy(v)).isEqualTo(matches);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "latest",
        ">=1.2.0 <2.0.0 <",
        "1.2.3.4",
        "^",
        ">=a",
        "1.x-rc.1",
        "~1.2.03",
        "1.2.3 - ",
        ">=1.0.0-01"
      })
  void rejectsInvalidRanges(String range) {
    assertThatThrownBy(() -> SemverRange.parse(range))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid semver range");
  }
}
