#!/usr/bin/env bash
# Builds the base image of Orrery's container image from pinned Debian packages, with no container
# registry and no Docker: Debian 12's glibc, libstdc++, zlib, CA certificates and OpenJDK 17 JRE
# (deploy/image/packages.txt), a user "nonroot" (65532:65532) and a Java trust store. Jib takes it
# as its base image (app/pom.xml: <from><image>tar://...</image></from>) and adds Orrery's layers.
#
#   build-base.sh OUT.tar       writes the base image to OUT.tar (a 'docker save' tar: manifest.json,
#                               config.json, two gzipped layers "os" and "java")
#   build-base.sh --update-pins rewrites packages.txt with the candidates of this machine's apt lists
#
# The packages come from Debian's archive through `apt-get download` and are checked against the
# SHA-256 in packages.txt; they are unpacked with dpkg-deb (no maintainer scripts run). Every file
# gets mtime 1970-01-01T00:00:01Z (as in Jib's layers), owner 0:0 (65532:65532 for /home/nonroot and
# /var/cache/orrery), and the tars are sorted by name, so the same pins give the same bytes.
#
# Cached: $ORRERY_CACHE/image/ (default ~/.cache/orrery/image/), the .debs by hash and the base image
# by the hash of packages.txt, this script and Cacerts.java; a change to any of them builds a new one.
# Nothing built is written inside the repository except OUT.
set -euo pipefail
umask 022

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pins="$here/packages.txt"
cache="${ORRERY_CACHE:-$HOME/.cache/orrery}/image"
epoch=1                                        # mtime of every file, seconds since 1970
nonroot=65532
java_home=/usr/lib/jvm/java-17-openjdk-amd64

work=""                                        # the build's scratch directory, removed on exit
trap 'rm -rf "$work"' EXIT

say() { printf '[image] %s\n' "$*" >&2; }
die() { printf '[image] error: %s\n' "$*" >&2; exit 1; }

# pins -> lines "layer package version sha256"
read_pins() { grep -v '^[[:space:]]*\(#\|$\)' "$pins"; }

update_pins() {
  command -v apt-cache >/dev/null || die "apt-cache not found: --update-pins needs a Debian 12 machine"
  local tmp line layer pkg ver sha cand new
  tmp="$(mktemp)"
  while IFS= read -r line; do
    if [[ "$line" =~ ^[[:space:]]*(#|$) ]]; then printf '%s\n' "$line" >>"$tmp"; continue; fi
    read -r layer pkg ver sha <<<"$line"
    cand="$(apt-cache policy "$pkg" | awk '/Candidate:/ {print $2}')"
    [ -n "$cand" ] && [ "$cand" != "(none)" ] || die "no candidate for $pkg in this machine's apt lists"
    new="$(apt-cache show "$pkg=$cand" | awk '/^SHA256:/ {print $2; exit}')"
    [ "$cand" = "$ver" ] || say "$pkg: $ver -> $cand"
    printf '%-8s %-24s %-24s %s\n' "$layer" "$pkg" "$cand" "$new" >>"$tmp"
  done <"$pins"
  mv "$tmp" "$pins"
  say "wrote $pins"
}

# fetch PACKAGE VERSION SHA256 -> prints the path of the verified .deb in the cache
fetch() {
  local pkg="$1" ver="$2" sha="$3" deb="$cache/debs/$3.deb" dl got
  if [ -f "$deb" ]; then printf '%s\n' "$deb"; return; fi
  command -v apt-get >/dev/null || die "apt-get not found: the base image is built from Debian packages"
  dl="$(mktemp -d "$cache/debs/dl.XXXXXX")"
  local apt=(apt-get download -q)
  [ "$(id -u)" != 0 ] || apt+=(-o APT::Sandbox::User=root)   # no _apt user access to ~/.cache
  if ! (cd "$dl" && "${apt[@]}" "$pkg=$ver" >&2); then
    if [ "$(id -u)" = 0 ] && [ -z "${apt_updated:-}" ]; then
      say "$pkg=$ver is not in this machine's apt lists: apt-get update"
      apt-get update -q >&2 || true
      apt_updated=1
    fi
    if ! (cd "$dl" && "${apt[@]}" "$pkg=$ver" >&2); then
      # Debian's archive keeps only the current version: a point release or security update
      # supersedes a pin. Strict builds stop; others take the current version and say so.
      [ "${ORRERY_IMAGE_PINS:-}" != strict ] || { rm -rf "$dl"; die "could not download $pkg=$ver with apt-get.
  Either the apt lists are stale (run 'apt-get update') or Debian's archive no longer has this version
  (it keeps only the current one): run 'deploy/image/build-base.sh --update-pins' and commit packages.txt."; }
      (cd "$dl" && "${apt[@]}" "$pkg" >&2) || { rm -rf "$dl"; die "could not download $pkg with apt-get"; }
      local current
      current="$(dpkg-deb -f "$dl"/*.deb Version)"
      say "warning: $pkg=$ver is gone from Debian's archive; using $current, whose hash is not pinned."
      say "  Run 'deploy/image/build-base.sh --update-pins' and commit packages.txt (ORRERY_IMAGE_PINS=strict refuses this)."
      mv "$dl"/*.deb "$cache/debs/superseded-$pkg-$sha.deb"
      rm -rf "$dl"
      printf '%s\n' "$cache/debs/superseded-$pkg-$sha.deb"
      return
    fi
  fi
  got="$(sha256sum "$dl"/*.deb | cut -d' ' -f1)"
  [ "$got" = "$sha" ] || { rm -rf "$dl"; die "$pkg=$ver: SHA-256 $got, packages.txt pins $sha"; }
  mv "$dl"/*.deb "$deb"
  rm -rf "$dl"
  printf '%s\n' "$deb"
}

# What the packages' maintainer scripts would have done, reduced to what a JVM in a container needs.
finish_os() {
  local root="$1"
  # Debian's default nsswitch.conf (libc-bin's postinst installs this template).
  cp "$root/usr/share/libc-bin/nsswitch.conf" "$root/etc/nsswitch.conf"
  printf '%s\n' 'root:x:0:0:root:/root:/sbin/nologin' \
    "nonroot:x:$nonroot:$nonroot:nonroot:/home/nonroot:/sbin/nologin" \
    'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin' >"$root/etc/passwd"
  printf '%s\n' 'root:x:0:' "nonroot:x:$nonroot:" 'nogroup:x:65534:' >"$root/etc/group"
  # Writable by 65532 (tarred with that owner): its home and Orrery's Git cache (ORRERY_GIT_CACHE_DIR).
  mkdir -p "$root/home/nonroot" "$root/var/cache/orrery/git"
  # The PEM bundle update-ca-certificates would write (for tools that read SSL_CERT_FILE).
  mkdir -p "$root/etc/ssl/certs"
  LC_ALL=C find "$root/usr/share/ca-certificates/mozilla" -name '*.crt' | LC_ALL=C sort \
    | xargs cat >"$root/etc/ssl/certs/ca-certificates.crt"
}

finish_java() {
  local root="$1" os="$2"
  # The trust store ca-certificates-java would generate, reproducibly (Cacerts.java).
  mkdir -p "$root/etc/ssl/certs/java"
  local certs=()
  mapfile -t certs < <(LC_ALL=C find "$os/usr/share/ca-certificates/mozilla" -name '*.crt' | LC_ALL=C sort)
  java "$here/Cacerts.java" "$root/etc/ssl/certs/java/cacerts" "$epoch" "${certs[@]}"
  # The alternatives update-java-alternatives would create, for 'java' on PATH.
  mkdir -p "$root/usr/bin"
  ln -s "../lib/jvm/java-17-openjdk-amd64/bin/java" "$root/usr/bin/java"
}

trim() { # documentation, except the copyright files
  local root="$1"
  rm -rf "$root/usr/share/man" "$root/usr/share/info" "$root/usr/share/lintian"
  [ ! -d "$root/usr/share/doc" ] || find "$root/usr/share/doc" -mindepth 2 ! -type d ! -name copyright -delete
}

# layer_tar ROOT OUT.tar.gz -> prints the diff_id (sha256 of the uncompressed tar)
layer_tar() {
  local root="$1" out="$2"
  local opts=(--sort=name --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime
    --mtime="@$epoch" --numeric-owner)
  tar "${opts[@]}" --owner=0 --group=0 --exclude=./home/nonroot --exclude=./var/cache/orrery \
    -C "$root" -cf "$out.tmp" .
  local owned=()
  for p in ./home/nonroot ./var/cache/orrery ./var/cache/orrery/git; do [ ! -e "$root/$p" ] || owned+=("$p"); done
  [ ${#owned[@]} -eq 0 ] || tar "${opts[@]}" --owner="$nonroot" --group="$nonroot" --no-recursion \
    -C "$root" -rf "$out.tmp" "${owned[@]}"
  sha256sum "$out.tmp" | cut -d' ' -f1
  gzip -n -6 <"$out.tmp" >"$out"
  rm -f "$out.tmp"
}

build() {
  local out="$1"
  [ "$(uname -m)" = x86_64 ] || say "note: the image is linux/amd64 (packages.txt pins amd64 packages)"
  command -v dpkg-deb >/dev/null || die "dpkg-deb not found: the base image is built from Debian packages"
  command -v java >/dev/null || die "java not found (needed to write the trust store)"
  mkdir -p "$cache/debs"
  local key
  key="$(cat "$pins" "$here/build-base.sh" "$here/Cacerts.java" | sha256sum | cut -c1-16)"
  local image="$cache/base-$key.tar"
  if [ ! -f "$image" ]; then
    local started=$SECONDS
    work="$(mktemp -d "$cache/work.XXXXXX")"
    local layer pkg ver sha deb
    declare -A described=()
    while read -r layer pkg ver sha; do
      deb="$(fetch "$pkg" "$ver" "$sha")"
      mkdir -p "$work/$layer/var/lib/dpkg/status.d"
      dpkg-deb -x "$deb" "$work/$layer"
      # What image scanners read to know the packages (as in distroless images).
      dpkg-deb -f "$deb" >"$work/$layer/var/lib/dpkg/status.d/$pkg"
      local actual
      actual="$(dpkg-deb -f "$deb" Version)"
      described[$layer]="${described[$layer]:-}${described[$layer]:+ }$pkg=$actual"
      [ "$actual" = "$ver" ] || described[$layer]="${described[$layer]} (pin $ver superseded)"
    done < <(read_pins)
    [ -d "$work/os" ] && [ -d "$work/java" ] || die "packages.txt must name packages of the layers os and java"
    finish_os "$work/os"
    finish_java "$work/java" "$work/os"
    trim "$work/os"
    trim "$work/java"

    mkdir -p "$work/image/layers"
    local os_id java_id
    os_id="$(layer_tar "$work/os" "$work/image/layers/os.tar.gz")"
    java_id="$(layer_tar "$work/java" "$work/image/layers/java.tar.gz")"
    cat >"$work/image/config.json" <<EOF
{
  "architecture": "amd64",
  "os": "linux",
  "created": "1970-01-01T00:00:00Z",
  "config": {
    "User": "$nonroot:$nonroot",
    "Env": [
      "PATH=$java_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "JAVA_HOME=$java_home",
      "LANG=C.UTF-8",
      "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"
    ],
    "WorkingDir": "/",
    "Labels": {
      "org.opencontainers.image.base.name": "orrery-base (deploy/image/build-base.sh $key)"
    }
  },
  "rootfs": {
    "type": "layers",
    "diff_ids": ["sha256:$os_id", "sha256:$java_id"]
  },
  "history": [
    {"created": "1970-01-01T00:00:00Z", "created_by": "deploy/image/build-base.sh: Debian 12 ${described[os]}, /etc/passwd (nonroot $nonroot)"},
    {"created": "1970-01-01T00:00:00Z", "created_by": "deploy/image/build-base.sh: Debian 12 ${described[java]}, Java trust store"}
  ]
}
EOF
    printf '[{"Config":"config.json","RepoTags":["orrery-base:%s"],"Layers":["layers/os.tar.gz","layers/java.tar.gz"]}]\n' \
      "$key" >"$work/image/manifest.json"
    tar --sort=name --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
      --mtime="@$epoch" --owner=0 --group=0 --numeric-owner -C "$work/image" -cf "$work/base.tar" \
      manifest.json config.json layers
    mv "$work/base.tar" "$image"
    rm -rf "$work"
    # Older base images (other pins) are of no further use.
    find "$cache" -maxdepth 1 -name 'base-*.tar' ! -name "base-$key.tar" -delete
    say "base image $image ($(du -m "$image" | cut -f1) MB) built in $((SECONDS - started))s"
  fi
  mkdir -p "$(dirname "$out")"
  rm -f "$out"
  ln "$image" "$out" 2>/dev/null || cp "$image" "$out"
  say "base image: $out (orrery-base:$key)"
}

case "${1:-}" in
  --update-pins) update_pins ;;
  ""|-h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; [ -n "${1:-}" ] ;;
  -*) die "unknown option $1" ;;
  *) build "$1" ;;
esac
