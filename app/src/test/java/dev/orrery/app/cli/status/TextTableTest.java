package dev.orrery.app.cli.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

  @Test
  void columnsKeepTheirMinimumWidthAndTheLastIsNotPadded() {
    String out = new TextTable(List.of("A", "B", "C"), 4, 3).row("x", "y", "z").render();

    assertThat(out).isEqualTo("A    B   C\nx    y   z\n");
  }

  @Test
  void aColumnGrowsToItsWidestCellAndNullsPrintAsDash() {
    String out =
        new TextTable(List.of("NAME", "READY"), 2)
            .row("a-long-name", null)
            .row("b", "True")
            .render();

    assertThat(out)
        .isEqualTo(
            """
        NAME        READY
        a-long-name -
        b           True
        """);
  }

  @Test
  void aRowWithTheWrongNumberOfCellsIsRefused() {
    TextTable table = new TextTable(List.of("A", "B"));

    assertThatThrownBy(() -> table.row("only one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 2 cells, got 1");
  }

  @Test
  void anEmptyTableIsItsHeader() {
    assertThat(new TextTable(List.of("X", "Y"), 3).render()).isEqualTo("X   Y\n");
  }
}
