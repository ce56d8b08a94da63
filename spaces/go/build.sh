#!/usr/bin/env bash
# Builds the real programs behind Orrery's local spaces from pinned Go modules:
#   kubernetes/  kube-apiserver, kube-controller-manager, kube-scheduler, kubectl
#   etcd/        etcd
#   kwok/        kwok (fake Nodes whose Pods become Running and Ready)
#   ocm/         the OCM work agent ("work") and the OCM CRDs from open-cluster-management.io/api
#   registration/ OCM's registration program (hub registration controller, spoke registration agent)
#                and the further CRDs they watch (ManagedClusterSet(Binding), ManagedClusterAddOn, ClusterClaim)
#   gitea/       gitea (a real Git forge), only when asked for: build.sh gitea
#   kubestellar/ KubeStellar v0.30.0's OCM transport controller and ks-binding (our main around its
#                binding controller), only when asked for: build.sh kubestellar (benchmarks only)
#   argocd/      Argo CD's applicationset controller, application controller and repo-server (one
#                binary, three names) and Argo CD's CRDs, only when asked for: build.sh argocd
#
# Output: $ORRERY_CACHE/bin/<module>-<pin hash>/ (default ORRERY_CACHE=~/.cache/orrery). The hash
# covers the module's go.mod, go.sum and its build recipe, so a new pin builds anew and an
# unchanged one is skipped. Prints the directory of each module on stdout as "<module>=<dir>"; progress on
# stderr. Nothing built is ever written inside the repository.
#
# Usage: build.sh [module ...]   (default: kubernetes etcd kwok ocm registration)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${ORRERY_CACHE:-$HOME/.cache/orrery}"
modules=("$@")
[ ${#modules[@]} -gt 0 ] || modules=(kubernetes etcd kwok ocm registration)

say() { printf '[spaces/go] %s\n' "$*" >&2; }
die() { printf '[spaces/go] error: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "Go is not installed or not on PATH. Install Go 1.26 or newer (e.g. 'apt-get install golang' or the tarball from the Go project) and run again."
need_go="1.26"
have_go="$(go env GOVERSION | sed 's/^go//')"
if [ "$(printf '%s\n%s\n' "$need_go" "$have_go" | sort -V | head -n1)" != "$need_go" ]; then
  die "Go $have_go is too old: these modules need Go $need_go or newer."
fi

# The machine's Go builds everything; go.sum (committed) pins every module's hash, so the checksum
# database is not consulted (it is not reachable from every machine that reaches the proxy). The
# module proxy is Go's own setting (GOPROXY, 'go env -w GOPROXY=...'): this script names none.
export GOTOOLCHAIN=local GOSUMDB=off GOFLAGS="-mod=readonly -buildvcs=false -trimpath"
export CGO_ENABLED="${CGO_ENABLED:-0}"

pin_hash() { # the module's pins and the recipe that builds it (not the rest of this script)
  { cat "$here/$1/go.mod" "$here/$1/go.sum"; declare -f gobuild "build_$1"; } | sha256sum | cut -c1-16
}

module_version() { # module-dir go-module-path -> version pinned in go.mod (after replaces)
  (cd "$here/$1" && go list -m -f '{{if .Replace}}{{.Replace.Version}}{{else}}{{.Version}}{{end}}' "$2")
}

download() {
  say "$1: downloading modules (GOPROXY=$(go env GOPROXY))"
  if ! (cd "$here/$1" && go mod download -x 2>"$2.download.log" >/dev/null); then
    tail -n 20 "$2.download.log" >&2
    die "$1: could not download its Go modules from $(go env GOPROXY). Check that the Go module proxy is reachable (GOPROXY), then run again."
  fi
}

gobuild() { # module-dir out-dir name package [ldflags]
  local started=$SECONDS
  say "$1: building $3 ..."
  if ! (cd "$here/$1" && go build -ldflags "-s -w ${5:-}" -o "$2/$3" "$4" 2>"$2/$3.build.log"); then
    tail -n 30 "$2/$3.build.log" >&2
    die "$1: building $3 from $4 failed (log: $2/$3.build.log)."
  fi
  say "$1: built $3 in $((SECONDS - started))s"
}

build_kubernetes() {
  local out=$1 v
  v="$(module_version kubernetes k8s.io/kubernetes)"
  local major=${v#v}; major=${major%%.*}
  local minor=${v#v*.}; minor=${minor%%.*}
  local ld="-X k8s.io/component-base/version.gitVersion=$v -X k8s.io/component-base/version.gitMajor=$major"
  ld="$ld -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
  ld="$ld -X k8s.io/component-base/version.buildDate=1970-01-01T00:00:00Z"
  ld="$ld -X k8s.io/client-go/pkg/version.gitVersion=$v -X k8s.io/client-go/pkg/version.gitMajor=$major"
  ld="$ld -X k8s.io/client-go/pkg/version.gitMinor=$minor"
  for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    gobuild kubernetes "$out" "$cmd" "k8s.io/kubernetes/cmd/$cmd" "$ld"
  done
}

build_etcd() { gobuild etcd "$1" etcd .; }

build_kwok() {
  local out=$1 src
  gobuild kwok "$out" kwok sigs.k8s.io/kwok/cmd/kwok
  # kwok starts with no behaviour of its own: its stock stages (fast node start, lease heartbeat,
  # pod lifecycle) come from the same module and are handed to it as --config.
  src="$(cd "$here/kwok" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)/kustomize/stage"
  for f in "$src"/node/fast/node-initialize.yaml "$src"/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
           "$src"/pod/general/pod-*.yaml; do
    printf -- '---\n' && cat "$f"
  done > "$out/stages.yaml"
}

build_ocm() {
  local out=$1 api
  gobuild ocm "$out" work open-cluster-management.io/ocm/cmd/work
  api="$(cd "$here/ocm" && go list -m -f '{{.Dir}}' open-cluster-management.io/api)"
  mkdir -p "$out/crds"
  cp "$api"/cluster/v1/0000_00_clusters.open-cluster-management.io_managedclusters.crd.yaml \
     "$api"/cluster/v1beta1/0000_03_clusters.open-cluster-management.io_placementdecisions.crd.yaml \
     "$api"/work/v1/0000_00_work.open-cluster-management.io_manifestworks.crd.yaml \
     "$api"/work/v1/0000_01_work.open-cluster-management.io_appliedmanifestworks.crd.yaml "$out/crds/"
  chmod u+w "$out"/crds/*
}

build_registration() {
  local out=$1 api
  gobuild registration "$out" registration open-cluster-management.io/ocm/cmd/registration
  api="$(cd "$here/registration" && go list -m -f '{{.Dir}}' open-cluster-management.io/api)"
  mkdir -p "$out/crds"
  cp "$api"/cluster/v1beta2/0000_00_clusters.open-cluster-management.io_managedclustersets.crd.yaml \
     "$api"/cluster/v1beta2/0000_01_clusters.open-cluster-management.io_managedclustersetbindings.crd.yaml \
     "$api"/addon/v1alpha1/0000_01_addon.open-cluster-management.io_managedclusteraddons.crd.yaml \
     "$api"/cluster/v1alpha1/0000_02_clusters.open-cluster-management.io_clusterclaims.crd.yaml "$out/crds/"
  chmod u+w "$out"/crds/*
}

build_gitea() {
  local out=$1 v src tags=sqlite,sqlite_unlock_notify
  v="$(module_version gitea code.gitea.io/gitea)"
  # SQLite comes from the cgo driver github.com/mattn/go-sqlite3, behind Gitea's sqlite build tags,
  # so this one module builds with cgo (a C compiler is needed).
  local -x CGO_ENABLED=1 GOFLAGS="$GOFLAGS -tags=$tags"
  gobuild gitea "$out" gitea code.gitea.io/gitea "-X main.Version=${v#v} -X main.Tags=$tags"
  # Without the bindata tag (whose generated files are not in the module zip) gitea reads its
  # templates, options (locales, licenses, gitignores) and public files from STATIC_ROOT_PATH at
  # run time: they are copied next to the binary. The compiled web UI scripts and styles are
  # not in the module zip either, so pages render unstyled; the REST API and Git over HTTP are whole.
  src="$(cd "$here/gitea" && go list -m -f '{{.Dir}}' code.gitea.io/gitea)"
  cp -R "$src/templates" "$src/options" "$src/public" "$out/"
  chmod -R u+w "$out/templates" "$out/options" "$out/public"
}

build_kubestellar() {
  gobuild kubestellar "$1" ocm-transport-controller github.com/kubestellar/kubestellar/pkg/transport/ocm-transport-controller
  gobuild kubestellar "$1" ks-binding ./binding
}

build_argocd() {
  local out=$1 src name
  gobuild argocd "$out" argocd .
  # The binary runs the component it is named after (main.go): one link per component.
  for name in argocd-applicationset-controller argocd-application-controller argocd-repo-server; do
    ln -s argocd "$out/$name"
  done
  src="$(cd "$here/argocd" && go list -m -f '{{.Dir}}' github.com/argoproj/argo-cd/v3)"
  mkdir -p "$out/crds"
  cp "$src"/manifests/crds/application-crd.yaml "$src"/manifests/crds/applicationset-crd.yaml \
     "$src"/manifests/crds/appproject-crd.yaml "$out/crds/"
  chmod u+w "$out"/crds/*
}

# One build of a module at a time per cache: two runs (a test JVM and a shell, or two clones)
# building the same pin into the same directory would delete each other's output. Different
# modules build side by side; a run that waited finds the module built and skips it.
mkdir -p "$cache/bin"

for m in "${modules[@]}"; do
  [ -f "$here/$m/go.mod" ] || die "unknown module '$m' (expected a folder with go.mod under $here)"
  out="$cache/bin/$m-$(pin_hash "$m")"
  exec 9>"$cache/bin/.$m.lock"
  if ! flock -n 9; then
    say "$m: another build of it into $cache/bin is running; waiting for it to finish"
    flock 9
  fi
  if [ -f "$out/.complete" ]; then
    say "$m: cached at $out"
  else
    started=$SECONDS
    rm -rf "$out.partial" && mkdir -p "$out.partial"
    download "$m" "$out.partial/$m"
    "build_$m" "$out.partial"
    touch "$out.partial/.complete"
    rm -rf "$out" && mv "$out.partial" "$out"
    # Older pins of this module are of no further use.
    find "$cache/bin" -maxdepth 1 -name "$m-*" ! -path "$out" -exec rm -rf {} +
    say "$m: done in $((SECONDS - started))s -> $out"
  fi
  exec 9>&-
  echo "$m=$out"
done
