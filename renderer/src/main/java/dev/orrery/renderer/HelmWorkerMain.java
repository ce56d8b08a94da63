package dev.orrery.renderer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Helm worker process's entry point (started by {@link HelmWorker}; not an API): loads Helm and
 * says {@link #READY}, then reads one {@link HelmInvocation} at a time from standard input and
 * answers on standard output with a status byte, a length and the manifest (or the error message);
 * exits when its input closes.
 */
public final class HelmWorkerMain {

  /** Written once Helm is loaded, before the first request is read. */
  static final byte READY = 42;

  private HelmWorkerMain() {}

  /** Serves invocations until standard input closes. */
  public static void main(String[] args) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(System.out, 1 << 16));
    System.setOut(System.err);
    com.marcnuri.helm.Helm.version().call(); // loads Helm's native library before saying ready
    out.writeByte(READY);
    out.flush();
    while (true) {
      String chart;
      try {
        chart = in.readUTF();
      } catch (EOFException e) {
        return;
      }
      String releaseName = in.readUTF();
      String namespace = in.readUTF();
      boolean fetch = in.readBoolean();
      long maxOutputBytes = in.readLong();
      int count = in.readInt();
      List<Path> values = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        values.add(Path.of(in.readUTF()));
      }
      byte status;
      byte[] body;
      try {
        String manifest =
            new HelmInvocation(Path.of(chart), releaseName, namespace, values, fetch).run();
        body = manifest.getBytes(StandardCharsets.UTF_8);
        status = body.length > maxOutputBytes ? HelmWorker.TOO_LARGE : HelmWorker.OK;
      } catch (OutOfMemoryError e) {
        status = HelmWorker.TOO_LARGE;
        body = new byte[0];
      } catch (RuntimeException | LinkageError e) {
        status = HelmWorker.FAILED;
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        body = message.getBytes(StandardCharsets.UTF_8);
      }
      out.writeByte(status);
      out.writeLong(
          status == HelmWorker.TOO_LARGE ? Math.max(body.length, maxOutputBytes + 1) : body.length);
      if (status != HelmWorker.TOO_LARGE) {
        out.write(body);
      }
      out.flush();
      if (status == HelmWorker.TOO_LARGE) {
        return;
      }
    }
  }
}
