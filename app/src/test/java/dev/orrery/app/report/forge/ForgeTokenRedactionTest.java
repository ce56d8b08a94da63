package dev.orrery.app.report.forge;

import static dev.orrery.app.report.forge.TestConnections.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.orrery.app.report.forge.FakeForge.Reply;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * The token never appears in an exception (message, toString, stack trace) or a log line, whatever
 * fails.
 */
class ForgeTokenRedactionTest {
  static final RepoRef REPO = new RepoRef("team", "apps");
  static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  static final CommitStatus STATUS =
      new CommitStatus(CommitStatus.State.SUCCESS, "orrery/x", "ok", null);

  FakeForge forge;
  ManualTime time;
  ListAppender<ILoggingEvent> logs;
  Logger packageLogger;
  Level previousLevel;

  @BeforeEach
  void start() {
    forge = new FakeForge();
    time = new ManualTime();
    packageLogger = (Logger) LoggerFactory.getLogger("dev.orrery.app.report.forge");
    previousLevel = packageLogger.getLevel();
    packageLogger.setLevel(Level.DEBUG);
    logs = new ListAppender<>();
    logs.start();
    packageLogger.addAppender(logs);
  }

  @AfterEach
  void stop() {
    packageLogger.detachAppender(logs);
    packageLogger.setLevel(previousLevel);
    forge.close();
  }

  static Stream<Arguments> forges() {
    return Stream.of(
        Arguments.of("GitHub", (Function<ForgeConnection, ForgeClient>) GitHubClient::new),
        Arguments.of("Gitea", (Function<ForgeConnection, ForgeClient>) GiteaClient::new),
        Arguments.of("GitLab", (Function<ForgeConnection, ForgeClient>) GitLabClient::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forges")
  void noFailureEverShowsTheToken(String name, Function<ForgeConnection, ForgeClient> make)
      throws Exception {
    ForgeClient client = make.apply(TestConnections.of(forge.base(), time));
    List<Throwable> failures = new ArrayList<>();

    forge.fallback(r -> Reply.json(422, "{\"message\":\"token " + TOKEN + " may not do this\"}"));
    failures.add(catchThrowable(() -> client.setCommitStatus(REPO, SHA, STATUS)));

    forge.fallback(
        r -> new Reply(500, Map.of(), "upstream rejected Authorization: Bearer " + TOKEN));
    failures.add(catchThrowable(() -> client.upsertPullRequestComment(REPO, 3, "m", "body")));

    forge.fallback(
        r ->
            new Reply(
                301,
                Map.of("Location", "https://elsewhere.example.com/?access_token=" + TOKEN),
                ""));
    failures.add(catchThrowable(() -> client.setCommitStatus(REPO, SHA, STATUS)));

    forge.fallback(
        r ->
            Reply.json(429, "{\"message\":\"slow down, " + TOKEN + "\"}")
                .with("Retry-After", "3600"));
    failures.add(catchThrowable(() -> client.setCommitStatus(REPO, SHA, STATUS)));

    forge.fallback(
        r ->
            Reply.json(200, "[]")
                .with("Link", "<https://elsewhere.example.com/" + TOKEN + ">; rel=next")
                .with("X-Next-Page", ""));
    Throwable foreignLink =
        catchThrowable(() -> client.upsertPullRequestComment(REPO, 3, "m", "body"));
    if (foreignLink != null) { // GitLab pages by X-Next-Page, not Link
      failures.add(foreignLink);
    }

    try (ForgeReporter reporter = new ForgeReporter(new SimpleMeterRegistry(), 1, 10)) {
      forge.fallback(r -> Reply.json(401, "{\"message\":\"401 Unauthorized: " + TOKEN + "\"}"));
      assertThat(reporter.setCommitStatus(client, REPO, SHA, STATUS).get(10, TimeUnit.SECONDS))
          .isEqualTo(ForgeReporter.Delivery.FAILED);
    }

    URI closed = forge.base();
    forge.close();
    ForgeClient unreachable = make.apply(TestConnections.of(closed, time));
    failures.add(catchThrowable(() -> unreachable.setCommitStatus(REPO, SHA, STATUS)));

    assertThat(failures)
        .hasSizeGreaterThanOrEqualTo(5)
        .allSatisfy(
            f -> {
              assertThat(f).isInstanceOf(ForgeException.class);
              assertThat(f.getMessage()).doesNotContain(TOKEN);
              assertThat(f.toString()).doesNotContain(TOKEN);
              assertThat(stackTrace(f)).doesNotContain(TOKEN);
            });
    assertThat(failures.get(0).getMessage())
        .as("the forge's echo is kept, masked")
        .contains("token **** may not");
    assertThat(logs.list)
        .isNotEmpty()
        .allSatisfy(
            event -> {
              assertThat(event.getFormattedMessage()).doesNotContain(TOKEN);
              assertThat(
                      event.getThrowableProxy() == null
                          ? ""
                          : event.getThrowableProxy().getMessage())
                  .doesNotContain(TOKEN);
            });
  }

  @Test
  void theTokenAndTheConnectionPrintMasked() {
    ForgeConnection connection = TestConnections.of(forge.base(), time);

    assertThat(connection.token()).hasToString("ForgeToken[****]");
    assertThat(connection.toString()).doesNotContain(TOKEN).contains("ForgeToken[****]");
    assertThat(new GitHubClient(connection).toString()).doesNotContain(TOKEN);
    assertThat(ForgeToken.of(" " + TOKEN + "\n").redact("a " + TOKEN + " b")).isEqualTo("a **** b");
  }

  @Test
  void aTokenThatCouldNotTravelInAHeaderIsRejectedWithoutBeingQuoted() {
    for (String bad : List.of(TOKEN + "\nX-Injected: 1", "tok\u0001en", "tök", "two words")) {
      Throwable e = catchThrowable(() -> ForgeToken.of(bad));

      assertThat(e)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not visible ASCII");
      assertThat(e.getMessage()).doesNotContain(bad).doesNotContain(TOKEN);
    }
    assertThatThrownBy(() -> ForgeToken.of(" \n")).hasMessage("the forge token is empty");
  }

  @Test
  void aCloneUrlWithCredentialsIsNeverEchoed() {
    Throwable e =
        catchThrowable(
            () -> RepoRef.parse("https://x-access-token:" + TOKEN + "@github.com/only-owner"));

    assertThat(e).isInstanceOf(IllegalArgumentException.class);
    assertThat(e.getMessage()).doesNotContain(TOKEN).contains("https://github.com/only-owner");
  }

  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
