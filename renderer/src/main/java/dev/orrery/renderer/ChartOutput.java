package dev.orrery.renderer;

import java.util.List;

/** What rendering one chart produced: its objects in Helm's order, or the errors. */
record ChartOutput(List<DesiredObject> objects, List<RenderError> errors) {

  ChartOutput {
    objects = List.copyOf(objects);
    errors = List.copyOf(errors);
  }

  static ChartOutput failed(RenderError error) {
    return new ChartOutput(List.of(), List.of(error));
  }
}
