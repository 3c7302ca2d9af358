#!/usr/bin/env bash
# Installs the Debian packages the portal needs to build, run and test,
# when any is missing.  Quiet and quick when everything is there.
set -euo pipefail

packages=(
  # build
  gcc make pkg-config libfcgi-dev libpq-dev libsodium-dev libjansson-dev
  libcmark-dev libcurl4-openssl-dev
  # the message catalogues: msgfmt, xgettext, msgmerge (make pot)
  gettext
  # run: the embedded cluster and the web server
  postgresql-15 postgresql-contrib nginx-light util-linux procps
  # deploy/systemd's units: systemd-analyze verify and security (tests)
  systemd
  # test: unit tests, fuzzing, end-to-end and browser tests
  libcmocka-dev clang libclang-rt-dev curl chromium
  # bench
  wrk
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
# Node.js may come from elsewhere than Debian (with npm bundled): a working
# command is enough.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "deps: run as root, or install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The tests' node packages (playwright-core drives Debian's chromium), from
# tests/package-lock.json: installed when missing or when the lock file
# changed since the last install (its hash is kept in node_modules).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
lock=$root/tests/package-lock.json
stamp=$root/tests/node_modules/.portal-lock.sha256
if [ -f "$lock" ]; then
  want=$(sha256sum <"$lock" | cut -d' ' -f1)
  if [ ! -d "$root/tests/node_modules/playwright-core" ] ||
     [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "deps: installing the tests' node packages (npm ci)"
    npm ci --prefix "$root/tests" --no-audit --no-fund --loglevel=error >/dev/null
    echo "$want" >"$stamp"
  fi
fi
