package dev.orrery.gitsource.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepositoryUrlsTest {

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource(
      delimiter = ';',
      textBlock =
"""
https://github.com/org/repo                 ; https://github.com/org/repo.git              ; true
https://github.com/org/repo.git             ; git@github.com:org/repo.git                  ; true
https://github.com/org/repo                 ; ssh://git@github.com/org/repo.git            ; true
https://GitHub.COM/org/repo                 ; https://github.com/org/repo/                 ; true
ssh://git@gitea.example.com:2222/o/r.git    ; https://gitea.example.com:3000/o/r           ; true
git://github.com/org/repo.git               ; https://github.com/org/repo                  ; true
https://user:token@github.com/org/repo.git  ; https://github.com/org/repo                  ; true
git@gitlab.example.com:group/sub/proj.git   ; https://gitlab.example.com/group/sub/proj    ; true
https://github.com/org//repo                ; https://github.com/org/repo                  ; true
https://github.com/org/repo                 ; https://github.com/org/Repo                  ; false
https://github.com/org/repo                 ; https://github.com/org/repo2                 ; false
https://github.com/org/repo                 ; https://gitlab.com/org/repo                  ; false
https://github.com/org/repo                 ; https://github.com/other/repo                ; false
git@gitlab.example.com:group/proj.git       ; git@gitlab.example.com:group/sub/proj.git    ; false
https://github.com/org/repo                 ; not a url                                    ; false
https://github.com/                         ; https://github.com/                          ; false
""")
  void comparesRepositoryIdentity(String a, String b, boolean same) {
    assertThat(RepositoryUrls.sameRepository(a, b)).isEqualTo(same);
    assertThat(RepositoryUrls.sameRepository(b, a)).isEqualTo(same);
  }
}
