#!/usr/bin/env bash
# Orrery's placement next to KubeStellar v0.30.0's binding and OCM transport controllers and a raw
# parallel ManifestWork writer, in one run on this machine; prints the table (docs/performance.md).
# Not part of 'mvn verify'. Builds what is missing first (KubeStellar from pinned Go modules with
# spaces/go/build.sh kubestellar, cached in ~/.cache/orrery/bin).
#
# Usage: placement/compare-kubestellar.sh [--smoke] [-Dcompare.rounds=N -Dcompare.objects=N
#                                           -Dcompare.clusters=N -Dcompare.changes=N]
#   default: 50 latency rounds, 1,000 objects x 100 ManagedClusters, 3 changes
#   --smoke: 3 rounds, 20 objects x 5 clusters, 1 change (a minute or two once built)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
args=()
for a in "$@"; do
  case "$a" in
    --smoke) args+=(-Dcompare.rounds=3 -Dcompare.objects=20 -Dcompare.clusters=5 -Dcompare.changes=1) ;;
    *) args+=("$a") ;;
  esac
done
bash "$root/spaces/go/build.sh" kubestellar >/dev/null
cd "$root"
report=placement/target/benchmarks/kubestellar-comparison.txt
rm -f "$report"
mvn -B -o -q -pl placement -am verify -Dit.test=KubeStellarComparisonBenchmark -Dtest=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -Dimage.skip \
  -Dspotless.check.skip=true "${args[@]+"${args[@]}"}" || status=$?
[ -f "$report" ] && cat "$report"
if [ "${status:-0}" != 0 ]; then
  echo "the comparison failed (an unexplained difference in the differential check fails it too);" \
       "see placement/target/failsafe-reports and the logs in placement/target/compare/" >&2
  exit 1
fi
