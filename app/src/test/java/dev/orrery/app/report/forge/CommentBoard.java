package dev.orrery.app.report.forge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** The comments of one pull request on a fake forge, shaped as that forge's API documents them. */
final class CommentBoard {
  private final BiFunction<Long, String, ObjectNode> shape;
  private final List<ObjectNode> comments = new ArrayList<>();
  private long nextId;

  CommentBoard(long firstId, BiFunction<Long, String, ObjectNode> shape) {
    this.nextId = firstId;
    this.shape = shape;
  }

  synchronized ObjectNode add(String body) {
    ObjectNode comment = shape.apply(nextId++, body);
    comments.add(comment);
    return comment;
  }

  synchronized ObjectNode edit(long id, String body) {
    for (ObjectNode comment : comments) {
      if (comment.path("id").asLong() == id) {
        comment.put("body", body);
        return comment;
      }
    }
    throw new IllegalArgumentException("no comment " + id);
  }

  /** Page {@code page} (1-based) of {@code size} comments. */
  synchronized ArrayNode page(int page, int size) {
    ArrayNode out = FakeForge.JSON.createArrayNode();
    for (int i = (page - 1) * size; i < Math.min(comments.size(), page * size); i++) {
      out.add(comments.get(i).deepCopy());
    }
    return out;
  }

  synchronized int pages(int size) {
    return Math.max(1, (comments.size() + size - 1) / size);
  }

  synchronized List<String> bodies() {
    return comments.stream().map(c -> c.path("body").asText()).toList();
  }

  synchronized ArrayNode all() {
    ArrayNode out = FakeForge.JSON.createArrayNode();
    comments.forEach(c -> out.add(c.deepCopy()));
    return out;
  }

  static long idFromPath(String path) {
    return Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
  }

  static String body(JsonNode request) {
    return request.path("body").asText();
  }
}
