package dev.orrery.tests.deploy;

import static dev.orrery.tests.deploy.DeployChart.at;
import static dev.orrery.tests.deploy.DeployChart.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.security.auth.module.UnixSystem;
import dev.orrery.app.cli.status.StatusRows;
import dev.orrery.app.demo.LocalGitServer;
import dev.orrery.app.gitsource.GitSourceController;
import dev.orrery.spaces.Directories;
import dev.orrery.spaces.FreePorts;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container image, {@code app/target/jib-image.tar} (built by Jib in app's verify phase on
 * Debian hosts, or with {@code -Pimage}), taken apart and run without Docker: its layers are
 * unpacked in order into a directory, and its entrypoint runs there under {@code chroot}, in
 * private mount and PID namespaces ({@code unshare}), as the image's user, the way a container
 * runtime would. That needs root; without it only the image's configuration is checked.
 *
 * <p>One test runs the pod the Helm chart renders (its user, environment, volumes and read-only
 * root filesystem) on real spaces: Orrery from the image serves its probes, talks TLS to the WDS
 * and ITS, and syncs the example repository, Helm chart included, from a Git server.
 *
 * <p>The unpacked image is shared by the class and read only: a test's writes go to temporary files
 * it deletes or to tmpfs mounts that end with it, so tests pass alone and in any order.
 */
@WithSpaces
class ImageIT {
  static final Duration WAIT = Duration.ofSeconds(120);
  static Path work;
  static Path rootfs;
  static JsonNode manifest;
  static JsonNode config;
  static String tag;
  static String version;

  @BeforeAll
  static void unpack() throws Exception {
    Path tar = DeployChart.root().resolve("app/target/jib-image.tar");
    assumeTrue(
        Files.isRegularFile(tar),
        "no "
            + tar
            + ": app builds it in 'mvn verify' on Debian hosts "
            + "(unless -DskipTests or -Dimage.skip), or run 'mvn -pl app -am package -Pimage'");
    work = Path.of("target", "image-it").toAbsolutePath();
    Directories.deleteRecursively(work);
    Path image = Files.createDirectories(work.resolve("image"));
    exec(List.of("tar", "-xf", tar.toString(), "-C", image.toString()));
    manifest = Serialization.jsonMapper().readTree(image.resolve("manifest.json").toFile()).get(0);
    config =
        Serialization.jsonMapper()
            .readTree(image.resolve(manifest.get("Config").asText()).toFile());
    tag = manifest.get("RepoTags").get(0).asText();
    version = tag.substring(tag.lastIndexOf(':') + 1);
    // The layers in order, as a runtime stacks them (Jib's and build-base.sh's layers only add
    // files).
    rootfs = Files.createDirectories(work.resolve("rootfs"));
    for (JsonNode layer : manifest.get("Layers")) {
      exec(
          List.of(
              "tar",
              "--warning=no-unknown-keyword",
              "--numeric-owner",
              "-xzf",
              image.resolve(layer.asText()).toString(),
              "-C",
              rootfs.toString()));
    }
  }

  @AfterAll
  static void cleanUp() {
    if (rootfs != null) {
      Directories.deleteRecursively(rootfs);
      Directories.deleteRecursively(work.resolve("image"));
    }
  }

  @Test
  void theImageIsTheOneTheChartRunsAndItsConfigurationMatchesThePod() throws IOException {
    List<GenericKubernetesResource> objects = DeployChart.render(Map.of());
    GenericKubernetesResource deployment = get(objects, "Deployment", "orrery");
    JsonNode c = config.get("config");

    assertThat(strings(manifest.get("RepoTags")))
        .containsExactly(
            (String) at(deployment, "spec", "template", "spec", "containers", 0, "image"));
    assertThat(config.get("architecture").asText()).isEqualTo("amd64");
    assertThat(config.get("os").asText()).isEqualTo("linux");
    assertThat(strings(c.get("Entrypoint")))
        .containsExactly("java", "-cp", "@/app/jib-classpath-file", "dev.orrery.app.cli.OrreryCli");
    assertThat(strings(c.get("Cmd")))
        .isEqualTo(at(deployment, "spec", "template", "spec", "containers", 0, "args"))
        .containsExactly("serve");
    assertThat(c.get("User").asText())
        .isEqualTo("65532:65532")
        .isEqualTo(
            at(deployment, "spec", "template", "spec", "securityContext", "runAsUser")
                + ":"
                + at(deployment, "spec", "template", "spec", "securityContext", "runAsGroup"));
    assertThat(strings(c.get("ExposedPorts").fieldNames()))
        .containsExactly(
            at(deployment, "spec", "template", "spec", "containers", 0, "ports", 0, "containerPort")
                + "/tcp");
    assertThat(env())
        .containsEntry("LANG", "C.UTF-8")
        .containsEntry("JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64")
        .containsEntry("ORRERY_GIT_CACHE_DIR", "/var/cache/orrery/git");
    assertThat((String) at(get(objects, "ConfigMap", "orrery"), "data", "application.yml"))
        .contains("git-cache-dir: " + env().get("ORRERY_GIT_CACHE_DIR"));
    assertThat(c.get("Labels").get("org.opencontainers.image.title").asText()).isEqualTo("orrery");
    assertThat(c.get("Labels").get("org.opencontainers.image.version").asText()).isEqualTo(version);
    // The base layers are the pinned Debian packages of deploy/image/packages.txt (or, when
    // Debian's
    // archive superseded a pin, the current version, and the history says so).
    String javaLayer = config.get("history").get(1).get("created_by").asText();
    assertThat(javaLayer).contains("openjdk-17-jre-headless=" + jreVersion(javaLayer));
    if (!javaLayer.contains("superseded")) {
      assertThat(jreVersion(javaLayer)).isEqualTo(pinnedVersion("openjdk-17-jre-headless"));
    }
    assertThat(config.get("rootfs").get("diff_ids")).hasSize(manifest.get("Layers").size());
  }

  @Test
  void theEntrypointPrintsOrrerysVersionAsTheImagesUser() throws Exception {
    requireRoot();
    String output = runToEnd("version", command("version"), env(), user(), false, List.of());

    assertThat(output.lines()).as(output).contains("orrery " + version);
  }

  @Test
  void theRuntimeIsThePinnedJreWithUtf8ATrustStoreEcAndWritableDirectories() throws Exception {
    requireRoot();
    Path testClasses =
        Path.of(ImageProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String output =
        runToEnd(
            "probe",
            List.of("java", "-cp", "/probe", ImageProbe.class.getName()),
            env(),
            user(),
            false,
            List.of(new Mount(testClasses, "/probe", true)));
    Map<String, String> probe =
        output
            .lines()
            .filter(l -> l.contains("="))
            .collect(
                Collectors.toMap(
                    l -> l.substring(0, l.indexOf('=')),
                    l -> l.substring(l.indexOf('=') + 1),
                    (a, b) -> b));

    assertThat(probe.get("java.runtime.version"))
        .as(output)
        .startsWith(
            jreVersion(config.get("history").get(1).get("created_by").asText()).replace('~', '-'));
    assertThat(probe)
        .as(output)
        .containsEntry("user.name", "nonroot")
        .containsEntry("user.home", "/home/nonroot")
        .containsEntry("file.encoding", "UTF-8")
        .containsEntry("sun.jnu.encoding", "UTF-8")
        .containsEntry("trusts.isrg.root.x1", "true")
        .containsEntry("ecdsa", "true")
        .containsEntry("git.cache.writable", "true")
        .containsEntry("tmp.writable", "true");
    assertThat(Integer.parseInt(probe.get("trusted.issuers"))).isGreaterThan(100);
    assertThat(probe.get("tls.protocols")).contains("TLSv1.3");
  }

  @Test
  void theChartsPodRunsTheImageOnRealSpacesAndSyncsARepositoryWithAHelmChart(LocalSpaces spaces)
      throws Exception {
    requireRoot();
    int port = FreePorts.next();
    List<GenericKubernetesResource> objects =
        DeployChart.render(
            Map.of(
                "wds.kubeconfigSecret",
                "wds-kubeconfig",
                "its.kubeconfigSecret",
                "its-kubeconfig",
                "service.port",
                port));
    GenericKubernetesResource deployment = get(objects, "Deployment", "orrery");
    Map<String, Path> secrets =
        Map.of(
            "wds-kubeconfig",
            spaces.wds().kubeconfig(),
            "its-kubeconfig",
            spaces.its().kubeconfig());

    // The pod's volumes: the ConfigMap and the Secrets as files, emptyDirs as tmpfs.
    Map<String, Path> volumes = new LinkedHashMap<>();
    for (Map<String, Object> volume : list(at(deployment, "spec", "template", "spec", "volumes"))) {
      String name = (String) volume.get("name");
      Path dir = null;
      if (volume.get("configMap") instanceof Map<?, ?> cm) {
        dir = Files.createDirectories(work.resolve("volumes").resolve(name));
        Object data = at(get(objects, "ConfigMap", (String) cm.get("name")), "data");
        for (Map.Entry<?, ?> e : ((Map<?, ?>) data).entrySet()) {
          Files.writeString(dir.resolve((String) e.getKey()), (String) e.getValue());
        }
      } else if (volume.get("secret") instanceof Map<?, ?> secret) {
        dir = Files.createDirectories(work.resolve("volumes").resolve(name));
        for (Map<String, Object> item : list(secret.get("items"))) {
          // Secret volume files are 0644 (no defaultMode in the chart); the kubeconfigs here are
          // 0600.
          Path file =
              Files.write(
                  dir.resolve((String) item.get("path")),
                  Files.readAllBytes(secrets.get((String) secret.get("secretName"))));
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
      }
      volumes.put(name, dir);
    }
    Map<String, Object> container =
        map(at(deployment, "spec", "template", "spec", "containers", 0));
    List<Mount> mounts = new ArrayList<>();
    for (Map<String, Object> m : list(container.get("volumeMounts"))) {
      mounts.add(
          new Mount(
              volumes.get((String) m.get("name")),
              (String) m.get("mountPath"),
              Boolean.TRUE.equals(m.get("readOnly"))));
    }
    Map<String, String> env = env();
    for (Map<String, Object> e : list(container.get("env"))) {
      env.put((String) e.get("name"), (String) e.get("value"));
    }
    Map<String, Object> pod = map(at(deployment, "spec", "template", "spec", "securityContext"));
    boolean readOnlyRoot =
        Boolean.TRUE.equals(map(container.get("securityContext")).get("readOnlyRootFilesystem"));
    assertThat(readOnlyRoot).isTrue();
    List<String> command = strings(config.get("config").get("Entrypoint"));
    command.addAll(strings(container.get("args")));
    String readiness =
        (String)
            at(
                deployment,
                "spec",
                "template",
                "spec",
                "containers",
                0,
                "readinessProbe",
                "httpGet",
                "path");

    Path log = work.resolve("orrery-serve.log");
    Process orrery =
        start(
            command,
            env,
            pod.get("runAsUser") + ":" + pod.get("runAsGroup"),
            readOnlyRoot,
            mounts,
            log);
    boolean stoppedBySigterm;
    try (LocalGitServer git = LocalGitServer.start(work.resolve("git"))) {
      LocalGitServer.WorkClone repo = git.create("shop");
      repo.copyFrom(DeployChart.root().resolve("examples/repo-layout"))
          .commitAndPush("the example repository");

      HttpClient http = HttpClient.newHttpClient();
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .failFast("Orrery exited: " + log, () -> !orrery.isAlive())
          .untilAsserted(
              () ->
                  assertThat(
                          http.send(
                                  HttpRequest.newBuilder(
                                          URI.create("http://127.0.0.1:" + port + readiness))
                                      .build(),
                                  HttpResponse.BodyHandlers.ofString())
                              .statusCode())
                      .isEqualTo(200));

      KubernetesClient wds = spaces.wds().client();
      wds.resource(
              Serialization.unmarshal(
                  """
          apiVersion: gitops.orrery.dev/v1alpha1
          kind: GitSource
          metadata: {name: shop, namespace: default}
          spec:
            url: %s
            ref: {branch: main}
            interval: 30s
            prune: true
          """
                      .formatted(repo.url()),
                  GenericKubernetesResource.class))
          .serverSideApply();
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .failFast("Orrery exited: " + log, () -> !orrery.isAlive())
          .untilAsserted(
              () -> {
                GenericKubernetesResource source =
                    wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
                        .inNamespace("default")
                        .withName("shop")
                        .get();
                assertThat(StatusRows.source(source).ready()).isEqualTo("True");
              });
      // charts/greeter is rendered by Helm (helm-java's native library, loaded from /tmp in the
      // image).
      assertThat(wds.apps().deployments().inNamespace("greeter").withName("greeter").get())
          .isNotNull();
      assertThat(wds.apps().deployments().inNamespace("web").withName("frontend").get())
          .isNotNull();
    } finally {
      stoppedBySigterm = stop(orrery);
    }
    assertThat(Files.readString(log)).contains("Startup completed");
    assertThat(stoppedBySigterm)
        .as("Orrery in the image ends within 5 s of SIGTERM, as a rollout needs")
        .isTrue();
  }

  /**
   * A bind mount of a host directory (or, with no source, a tmpfs like an emptyDir) into the
   * container.
   */
  record Mount(Path source, String target, boolean readOnly) {}

  /**
   * The image's command in its root filesystem, as a runtime runs it: private mount and PID
   * namespaces, /proc and /dev, the mounts, the root read-only if asked, then chroot as USER.
   */
  static Process start(
      List<String> command,
      Map<String, String> env,
      String user,
      boolean readOnlyRoot,
      List<Mount> mounts,
      Path log)
      throws IOException {
    StringBuilder sh =
        new StringBuilder("set -e\nR=").append(quote(rootfs.toString())).append('\n');
    for (Mount m : mounts) {
      sh.append("mkdir -p \"$R\"").append(quote(m.target())).append('\n');
    }
    if (readOnlyRoot) {
      sh.append("mount --rbind \"$R\" \"$R\"\nmount -o remount,bind,ro \"$R\"\n");
    }
    sh.append("mount --rbind /dev \"$R/dev\"\n");
    for (Mount m : mounts) {
      String target = "\"$R\"" + quote(m.target());
      if (m.source() == null) {
        sh.append("mount -t tmpfs -o mode=0777 tmpfs ").append(target).append('\n');
      } else {
        sh.append("mount --bind ")
            .append(quote(m.source().toString()))
            .append(' ')
            .append(target)
            .append('\n');
        if (m.readOnly()) {
          sh.append("mount -o remount,bind,ro ").append(target).append('\n');
        }
      }
    }
    // Not exec: this shell stays the namespace's init, so when unshare ends (--kill-child) the
    // kernel
    // kills everything in the namespace, the command included (its uid change dropped unshare's
    // hold).
    sh.append("chroot --userspec=").append(quote(user)).append(" \"$R\" \"$@\"\n");

    List<String> argv =
        new ArrayList<>(
            List.of(
                "/usr/bin/unshare",
                "--mount",
                "--pid",
                "--fork",
                "--kill-child",
                "--mount-proc=" + rootfs.resolve("proc"),
                "/bin/sh",
                "-c",
                sh.toString(),
                "sh"));
    argv.addAll(command);
    ProcessBuilder pb =
        new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    return pb.start();
  }

  static String runToEnd(
      String name,
      List<String> command,
      Map<String, String> env,
      String user,
      boolean readOnlyRoot,
      List<Mount> mounts)
      throws Exception {
    Path log = work.resolve(name + ".log");
    Process p = start(command, env, user, readOnlyRoot, mounts, log);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      stop(p);
    }
    String output = Files.readString(log);
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }

  /**
   * SIGTERM to the image's processes, as a runtime stops a container, 5 s for them to end, then the
   * namespace goes (unshare is killed, then its shell and everything under it). Returns whether
   * they ended by themselves.
   */
  static boolean stop(Process p) throws InterruptedException {
    List<ProcessHandle> descendants = p.descendants().toList();
    // The JVM, not the namespace's shell (an init, which ignores SIGTERM), must end.
    List<ProcessHandle> jvms =
        descendants.stream()
            .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
            .toList();
    descendants.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (jvms.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    boolean ended = !jvms.isEmpty() && jvms.stream().noneMatch(ProcessHandle::isAlive);
    // unshare ignores SIGTERM while it waits for its child: SIGKILL, and --kill-child does the
    // rest.
    p.destroyForcibly();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      descendants.forEach(ProcessHandle::destroyForcibly);
    }
    return ended;
  }

  static void requireRoot() throws Exception {
    assumeTrue(new UnixSystem().getUid() == 0, "running the image needs root (chroot, mounts)");
    Process p =
        new ProcessBuilder("/usr/bin/unshare", "--mount", "--pid", "--fork", "true")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assumeTrue(p.waitFor() == 0, "unshare does not work here: " + out);
  }

  /** The image's command with CMD replaced, as {@code docker run IMAGE ARGS} does. */
  static List<String> command(String... args) {
    List<String> command = strings(config.get("config").get("Entrypoint"));
    command.addAll(List.of(args));
    return command;
  }

  /** The image's environment (its Env), in order. */
  static Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String e : strings(config.get("config").get("Env"))) {
      env.put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
    }
    return env;
  }

  static String user() {
    return config.get("config").get("User").asText();
  }

  /** The JRE package version the base image's history names. */
  static String jreVersion(String createdBy) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("openjdk-17-jre-headless=(\\S+)").matcher(createdBy);
    assertThat(m.find()).as(createdBy).isTrue();
    return m.group(1).replaceAll(",$", "");
  }

  /** The version of a package in deploy/image/packages.txt. */
  static String pinnedVersion(String pkg) throws IOException {
    return Files.readAllLines(DeployChart.root().resolve("deploy/image/packages.txt")).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.trim().split("\\s+"))
        .filter(f -> f[1].equals(pkg))
        .map(f -> f[2])
        .findFirst()
        .orElseThrow();
  }

  static void exec(List<String> argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", argv) + " failed: " + out);
    }
  }

  static List<String> strings(JsonNode array) {
    return new ArrayList<>(
        StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList());
  }

  static List<String> strings(Object list) {
    return list == null
        ? new ArrayList<>()
        : new ArrayList<>(((List<?>) list).stream().map(String::valueOf).toList());
  }

  static List<String> strings(java.util.Iterator<String> names) {
    List<String> out = new ArrayList<>();
    names.forEachRemaining(out::add);
    return out;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object value) {
    return value == null ? List.of() : (List<Map<String, Object>>) value;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
