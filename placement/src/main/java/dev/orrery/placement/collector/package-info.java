/**
 * KubeStellar StatusCollectors, pure: parsing and validating a collector ({@link
 * dev.orrery.placement.collector.StatusCollectorSpec}), compiling its CEL once ({@link
 * dev.orrery.placement.collector.CompiledCollector}) and computing the {@code results} of a
 * CombinedStatus ({@link dev.orrery.placement.collector.CombinedStatusCalculator}).
 *
 * <p>CEL variables, each a {@code map(string, dyn)}: {@code obj} (the WDS object), {@code returned}
 * ({@code status}: what the WEC returned, {@code null} until it returns one), {@code inventory}
 * ({@code name}: the WEC name) and {@code propagation} ({@code lastReturnedUpdateTimestamp}: a CEL
 * {@code timestamp}, so {@code propagation.lastReturnedUpdateTimestamp >
 * timestamp("2024-01-01T00:00:00Z")} works; {@code null} when unknown). JSON integers are CEL
 * {@code int}, other numbers {@code double}; int and double compare with each other. The standard
 * macros ({@code has}, {@code exists}, {@code map}, ...) are on; one comprehension runs at most
 * 10,000 iterations.
 */
package dev.orrery.placement.collector;
