package dev.orrery.app.report.forge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForgeLinkHeaderTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // GitHub's documented form
        "<https://api.github.com/repositories/1300192/issues?page=2>; rel=\"prev\", "
            + "<https://api.github.com/repositories/1300192/issues?page=4>; rel=\"next\", "
            + "<https://api.github.com/repositories/1300192/issues?page=515>; rel=\"last\" "
            + "| https://api.github.com/repositories/1300192/issues?page=4",
        // Gitea's form: no spaces, next first
        "<http://localhost/api/v1/repos/search?limit=1&page=2>; rel=\"next\","
            + "<http://localhost/api/v1/repos/search?limit=1&page=5252>; rel=\"last\""
            + "| http://localhost/api/v1/repos/search?limit=1&page=2",
        "<https://x.test/a?page=3>; REL=next | https://x.test/a?page=3",
        "<https://x.test/a?page=3>; rel=\"prev next\" | https://x.test/a?page=3",
        "<https://x.test/a?page=1>; rel=\"first\", <https://x.test/a?page=9>; rel=\"last\" | -",
        "garbage | -",
      })
  void findsTheNextPage(String link, String next) {
    HttpHeaders headers = HttpHeaders.of(Map.of("Link", List.of(link)), (k, v) -> true);

    assertThat(LinkHeader.next(headers)).isEqualTo(Optional.ofNullable(next).map(URI::create));
  }
}
