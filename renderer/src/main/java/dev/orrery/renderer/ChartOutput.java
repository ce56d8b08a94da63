package dev.orrery.renderer;

import java.util.List;

/**
 * What rendering one chart produced: its objects in Helm's order and the release Helm would have
 * recorded (null when not known), or the errors.
 */
record ChartOutput(List<DesiredObject> objects, List<RenderError> errors, ChartRelease release) {

  ChartOutput {
    objects = List.copyOf(objects);
    errors = List.copyOf(errors);
  }

  ChartOutput(List<DesiredObject> objects, List<RenderError> errors) {
    this(objects, errors, null);
  }

  static ChartOutput failed(RenderError error) {
    return new ChartOutput(List.of(), List.of(error));
  }

  ChartOutput withRelease(ChartRelease release) {
    return new ChartOutput(objects, errors, release);
  }
}
