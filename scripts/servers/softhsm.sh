#!/usr/bin/env bash
# SoftHSM2 test token for the PKCS#11 integration tests. SoftHSM is a library, not a daemon:
#   install  apt packages softhsm2 + opensc (via install.sh)
#   start    creates, if absent, a private token "coffre" under $COFFRE_IT_BASE/softhsm and writes
#            softhsm2.conf (export it as SOFTHSM2_CONF), sunpkcs11.cfg (SunPKCS11 config whose generate template
#            makes AES keys CKA_SENSITIVE=true, CKA_EXTRACTABLE=false) and user.pin (0600). Idempotent.
#   stop     nothing to stop (the token persists until `reset`)
#   reset    deletes the token and its files
# Test-only PINs: never use them for anything else.
set -euo pipefail
cd "$(dirname "$0")/../.."
BASE=${COFFRE_IT_BASE:-/tmp/coffre-it}/softhsm
LABEL=coffre
USER_PIN=12345678
SO_PIN=87654321

lib() {
  for l in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so /usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so; do
    [ -f "$l" ] && { echo "$l"; return 0; }
  done
  return 1
}

case ${1:-} in
  install)
    scripts/servers/install.sh softhsm ;;
  start)
    command -v softhsm2-util >/dev/null || scripts/servers/install.sh softhsm
    LIB=$(lib) || { echo "softhsm.sh: libsofthsm2.so not found" >&2; exit 1; }
    mkdir -p "$BASE/tokens"
    chmod 700 "$BASE"
    printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n' "$BASE" > "$BASE/softhsm2.conf"
    export SOFTHSM2_CONF=$BASE/softhsm2.conf
    if ! softhsm2-util --show-slots 2>/dev/null | grep -q "Label:[[:space:]]*$LABEL[[:space:]]*$"; then
      softhsm2-util --init-token --free --label "$LABEL" --so-pin "$SO_PIN" --pin "$USER_PIN" >/dev/null
    fi
    # SoftHSM renumbers the slot of an initialised token: find it by label
    SLOT=$(softhsm2-util --show-slots | awk -v label="$LABEL" '
      /^Slot [0-9]+/ { slot=$2 }
      /Label:/ { sub(/^[[:space:]]*Label:[[:space:]]*/, ""); sub(/[[:space:]]+$/, ""); if ($0 == label) { print slot; exit } }')
    [ -n "$SLOT" ] || { echo "softhsm.sh: token '$LABEL' not found after init" >&2; exit 1; }
    cat > "$BASE/sunpkcs11.cfg" <<C
name = CoffreSoftHSM
library = $LIB
slot = $SLOT
attributes(generate, CKO_SECRET_KEY, CKK_AES) = {
  CKA_TOKEN = false
  CKA_SENSITIVE = true
  CKA_EXTRACTABLE = false
  CKA_ENCRYPT = true
  CKA_DECRYPT = true
}
C
    (umask 077; printf '%s' "$USER_PIN" > "$BASE/user.pin")
    echo "softhsm: token '$LABEL' in slot $SLOT; SOFTHSM2_CONF=$BASE/softhsm2.conf; SunPKCS11 config $BASE/sunpkcs11.cfg" ;;
  stop)
    : ;;
  reset)
    rm -rf "$BASE" ;;
  *)
    echo "usage: $0 install|start|stop|reset" >&2; exit 2 ;;
esac
