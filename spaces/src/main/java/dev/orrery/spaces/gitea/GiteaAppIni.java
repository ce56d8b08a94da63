package dev.orrery.spaces.gitea;

import java.nio.file.Path;

/**
 * The {@code app.ini} of a headless test forge: installed and locked, SQLite under its work
 * directory, HTTP on one loopback port, no SSH, mail, registration, actions, packages or network
 * access of its own, and webhooks allowed to reach loopback addresses.
 */
record GiteaAppIni(Path workDirectory, Path staticRoot, int port, GiteaSecrets secrets) {

  GiteaAppIni {
    if (!workDirectory.isAbsolute() || !staticRoot.isAbsolute()) {
      throw new IllegalArgumentException(
          "Gitea needs absolute paths, got " + workDirectory + " and " + staticRoot);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("not a TCP port: " + port);
    }
  }

  String rootUrl() {
    return "http://127.0.0.1:" + port + "/";
  }

  Path dataDirectory() {
    return workDirectory.resolve("data");
  }

  Path logDirectory() {
    return workDirectory.resolve("logs");
  }

  String render() {
    Path data = dataDirectory();
    return String.join(
        "\n",
        "APP_NAME = Orrery test forge",
        "RUN_MODE = prod",
        "WORK_PATH = " + workDirectory,
        // Gitea refuses root unless told; test machines and containers often run as root.
        "I_AM_BEING_UNSAFE_RUNNING_AS_ROOT = true",
        "",
        "[server]",
        "PROTOCOL = http",
        "HTTP_ADDR = 127.0.0.1",
        "HTTP_PORT = " + port,
        "DOMAIN = 127.0.0.1",
        "ROOT_URL = " + rootUrl(),
        "LOCAL_ROOT_URL = " + rootUrl(),
        "STATIC_ROOT_PATH = " + staticRoot,
        "APP_DATA_PATH = " + data,
        "DISABLE_SSH = true",
        "START_SSH_SERVER = false",
        "LFS_START_SERVER = false",
        "OFFLINE_MODE = true",
        "LANDING_PAGE = explore",
        "",
        "[database]",
        "DB_TYPE = sqlite3",
        "PATH = " + data.resolve("gitea.db"),
        "SQLITE_JOURNAL_MODE = WAL",
        "LOG_SQL = false",
        "",
        "[repository]",
        "ROOT = " + workDirectory.resolve("repositories"),
        "DEFAULT_BRANCH = main",
        "",
        "[security]",
        "INSTALL_LOCK = true",
        "SECRET_KEY = " + secrets.secretKey(),
        "INTERNAL_TOKEN = " + secrets.internalToken(),
        "PASSWORD_CHECK_PWN = false",
        "",
        "[oauth2]",
        "JWT_SECRET = " + secrets.jwtSecret(),
        "",
        "[service]",
        "DISABLE_REGISTRATION = true",
        "REQUIRE_SIGNIN_VIEW = false",
        "ENABLE_CAPTCHA = false",
        "ENABLE_NOTIFY_MAIL = false",
        "NO_REPLY_ADDRESS = noreply.orrery.test",
        "",
        "[webhook]",
        "ALLOWED_HOST_LIST = loopback",
        "DELIVER_TIMEOUT = 10",
        "",
        "[mailer]",
        "ENABLED = false",
        "",
        "[log]",
        "MODE = file",
        "LEVEL = Info",
        "ROOT_PATH = " + logDirectory(),
        "",
        "[indexer]",
        "ISSUE_INDEXER_TYPE = db",
        "REPO_INDEXER_ENABLED = false",
        "",
        "[queue]",
        "TYPE = level",
        "DATADIR = " + data.resolve("queues/common"),
        "",
        "[session]",
        "PROVIDER = memory",
        "",
        "[cache]",
        "ADAPTER = memory",
        "",
        "[openid]",
        "ENABLE_OPENID_SIGNIN = false",
        "ENABLE_OPENID_SIGNUP = false",
        "",
        "[actions]",
        "ENABLED = false",
        "",
        "[packages]",
        "ENABLED = false",
        "",
        "[cron.update_checker]",
        "ENABLED = false",
        "");
  }
}
