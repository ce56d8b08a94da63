package dev.orrery.placement.compare;

import dev.orrery.spaces.LocalSpaces;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/** One system under comparison: its own WDS/ITS/WEC, its controller processes, its tally. */
record Side(
    String name,
    LocalSpaces spaces,
    ManifestWorkTally tally,
    DoubleSupplier cpuSeconds,
    LongSupplier peakRssKib,
    Runnable resetPeaks) {

  long itsWrites() {
    return ItsWrites.manifestWorkWrites(spaces.its().client());
  }
}
