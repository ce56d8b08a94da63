package dev.orrery.app.cli.status;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table for terminals: left-aligned columns separated by one space, each as wide as
 * its widest cell and at least its minimum width; the last column is not padded.
 */
public final class TextTable {
  private final List<String> headers;
  private final int[] minWidths;
  private final List<List<String>> rows = new ArrayList<>();

  /** A table with these column headers and minimum widths (missing widths count as 0). */
  public TextTable(List<String> headers, int... minWidths) {
    this.headers = List.copyOf(headers);
    this.minWidths = Arrays.copyOf(minWidths, headers.size());
  }

  /** Adds a row; a null cell prints as {@code -}. */
  public TextTable row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          "expected " + headers.size() + " cells, got " + cells.length);
    }
    List<String> row = new ArrayList<>(cells.length);
    for (Object cell : cells) {
      row.add(cell == null ? "-" : cell.toString());
    }
    rows.add(row);
    return this;
  }

  /** The header line and one line per row, each ending with a newline. */
  public String render() {
    int[] widths = minWidths.clone();
    for (List<String> row : rowsWithHeader()) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rowsWithHeader()) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        line.append(cell);
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - cell.length() + 1));
        }
      }
      out.append(line).append('\n');
    }
    return out.toString();
  }

  private List<List<String>> rowsWithHeader() {
    List<List<String>> all = new ArrayList<>(rows.size() + 1);
    all.add(headers);
    all.addAll(rows);
    return all;
  }
}
