#!/usr/bin/env bash
# Installs what building and testing CollabCanvas needs on Debian 12, skipping what is
# already there. Safe to run again; needs root (or sudo) only when something is missing.
# Chromium (with a font for its text) runs the web client's end-to-end tests and benchmark
# through playwright-core, which never downloads a browser of its own.
set -euo pipefail

packages=(
  g++ cmake ninja-build make pkg-config git
  libboost1.81-dev libboost-json1.81-dev
  libsqlite3-dev sqlite3 libssl-dev libsodium-dev libcurl4-openssl-dev libspdlog-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-format
  nodejs
  chromium fonts-dejavu-core
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The web client builds with Node and npm. Where nodejs comes without npm (Debian's own
# packages ship them apart), install npm too.
if ! command -v npm >/dev/null 2>&1; then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends npm
fi
