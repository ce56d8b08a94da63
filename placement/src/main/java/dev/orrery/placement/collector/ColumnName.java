package dev.orrery.placement.collector;

/**
 * A column name as written in a StatusCollector spec, with the field path it came from.
 *
 * @param path e.g. {@code spec.select[0].name}
 * @param name the name
 */
record ColumnName(String path, String name) {}
