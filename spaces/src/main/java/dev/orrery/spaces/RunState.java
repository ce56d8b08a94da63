package dev.orrery.spaces;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code spaces up} left running: the process ids and kubeconfig paths, stored as {@code
 * spaces.json} in the run directory so {@code spaces down} can stop them.
 */
public record RunState(Path directory, Map<String, Path> kubeconfigs, List<Long> pids) {
  static final String FILE = "spaces.json";

  static RunState of(LocalSpaces spaces) {
    Map<String, Path> kubeconfigs = new LinkedHashMap<>();
    kubeconfigs.put("wds", spaces.wds().kubeconfig());
    kubeconfigs.put("its", spaces.its().kubeconfig());
    spaces.wecs().forEach(w -> kubeconfigs.put(w.name(), w.space().kubeconfig()));
    List<Long> pids = spaces.processes().stream().map(ChildProcess::pid).toList();
    return new RunState(spaces.directory().toAbsolutePath(), kubeconfigs, pids);
  }

  void write() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("directory", directory.toString());
    Map<String, String> configs = new LinkedHashMap<>();
    kubeconfigs.forEach((k, v) -> configs.put(k, v.toAbsolutePath().toString()));
    json.put("kubeconfigs", configs);
    json.put("pids", pids);
    ProcessLauncher.write(directory.resolve(FILE), Serialization.asJson(json));
  }

  /** Reads the state of the run in {@code directory}, if one was left there. */
  @SuppressWarnings("unchecked")
  public static Optional<RunState> read(Path directory) {
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Map<String, Object> json = Serialization.unmarshal(Files.readString(file), Map.class);
      Map<String, Path> configs = new LinkedHashMap<>();
      ((Map<String, String>) json.get("kubeconfigs")).forEach((k, v) -> configs.put(k, Path.of(v)));
      List<Long> pids = new ArrayList<>();
      ((List<Number>) json.get("pids")).forEach(n -> pids.add(n.longValue()));
      return Optional.of(new RunState(directory, configs, pids));
    } catch (IOException | RuntimeException e) {
      throw new SpacesException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Resident memory of the recorded processes that are alive, from {@code /proc/<pid>/status}. */
  public long residentBytes() {
    long total = 0;
    for (long pid : pids) {
      Path status = Path.of("/proc", Long.toString(pid), "status");
      try {
        for (String line : Files.readAllLines(status)) {
          if (line.startsWith("VmRSS:")) {
            total += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
          }
        }
      } catch (IOException | NumberFormatException gone) {
        // The process has exited; it holds no memory.
      }
    }
    return total;
  }

  /** Stops every recorded process that is still alive and removes the state file. */
  public int stop() {
    int stopped = 0;
    for (long pid : pids) {
      Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      if (handle.isPresent() && handle.get().isAlive()) {
        ChildProcess.stop(handle.get());
        stopped++;
      }
    }
    try {
      Files.deleteIfExists(directory.resolve(FILE));
    } catch (IOException e) {
      throw new SpacesException("cannot remove " + directory.resolve(FILE), e);
    }
    return stopped;
  }
}
