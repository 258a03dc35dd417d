#!/usr/bin/env bash
# Installs, in one apt-get run, the Debian packages the named servers need (only those missing).
# Usage: scripts/servers/install.sh swift keystone azurite softhsm kmip postgresql
set -euo pipefail
declare -A PKGS=(
  [swift]="swift swift-proxy swift-object swift-container swift-account python3-swift memcached curl"
  [azurite]="nodejs npm curl"
  [softhsm]="softhsm2 opensc"
  [kmip]="python3-pykmip openssl"
  [postgresql]="postgresql"
  # python3-keystone rather than keystone: the latter also configures and starts a system-wide service
  [keystone]="python3-keystone python3-keystoneclient python3-keystonemiddleware uwsgi-core uwsgi-plugin-python3 swift-proxy curl"
)
want=()
for s in "$@"; do for p in ${PKGS[$s]:-}; do want+=("$p"); done; done
missing=()
for p in "${want[@]}"; do
  # node/npm may come from outside Debian (e.g. NodeSource): accept the commands themselves
  case $p in nodejs) command -v node >/dev/null && continue ;; npm) command -v npm >/dev/null && continue ;; esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
