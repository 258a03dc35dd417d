#!/usr/bin/env bash
# PyKMIP server (Debian python3-pykmip) on 127.0.0.1:5696 with mutual TLS, for the KMIP integration tests.
#   install  apt packages python3-pykmip + openssl (via install.sh)
#   start    makes (once, or when expired) a throwaway CA, a server certificate (SAN 127.0.0.1/localhost) and a
#            client certificate (CN=coffre: PyKMIP takes the CN as the object owner), client.p12 (password in
#            client.p12.pass), then starts pykmip-server unless it already answers. Idempotent.
#   stop     stops the server by its saved PID
#   reset    stop, then delete all state (certificates, database)
# State: $COFFRE_IT_BASE/kmip (default /tmp/coffre-it/kmip). Test-only credentials.
set -euo pipefail
cd "$(dirname "$0")/../.."
BASE=${COFFRE_IT_BASE:-/tmp/coffre-it}/kmip
PORT=5696
PY=/usr/bin/python3   # Debian's python3 (a pyenv/venv python lacks the kmip package)

up() { (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; }
running() { [ -f "$BASE/server.pid" ] && kill -0 "$(cat "$BASE/server.pid")" 2>/dev/null; }

certificates() {
  if [ -f "$BASE/ca.crt" ] && openssl x509 -checkend 86400 -noout -in "$BASE/ca.crt" >/dev/null 2>&1 \
     && [ -f "$BASE/client.p12" ]; then
    return 0
  fi
  rm -f "$BASE"/*.crt "$BASE"/*.key "$BASE"/*.csr "$BASE"/*.srl "$BASE"/*.ext "$BASE"/client.p12
  (
    cd "$BASE"; umask 077
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=coffre-test-ca" -keyout ca.key -out ca.crt \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    for who in server client; do
      cn=127.0.0.1; eku=serverAuth; [ $who = client ] && { cn=coffre; eku=clientAuth; }
      printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=%s\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n' $eku > $who.ext
      openssl req -newkey rsa:2048 -nodes -subj "/CN=$cn" -keyout $who.key -out $who.csr 2>/dev/null
      openssl x509 -req -in $who.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -extfile $who.ext -out $who.crt 2>/dev/null
    done
    printf 'changeit' > client.p12.pass
    openssl pkcs12 -export -in client.crt -inkey client.key -certfile ca.crt -name coffre -passout pass:changeit -out client.p12
    chmod 644 ca.crt
  )
}

case ${1:-} in
  install)
    scripts/servers/install.sh kmip ;;
  start)
    if running && up; then echo "kmip: already up on 127.0.0.1:$PORT"; exit 0; fi
    command -v pykmip-server >/dev/null && command -v openssl >/dev/null || scripts/servers/install.sh kmip
    mkdir -p "$BASE/policies"; chmod 700 "$BASE"
    if up; then echo "kmip.sh: 127.0.0.1:$PORT is taken by another process" >&2; exit 1; fi
    certificates
    cat > "$BASE/server.conf" <<C
[server]
hostname=127.0.0.1
port=$PORT
certificate_path=$BASE/server.crt
key_path=$BASE/server.key
ca_path=$BASE/ca.crt
auth_suite=TLS1.2
policy_path=$BASE/policies
enable_tls_client_auth=True
logging_level=WARNING
database_path=$BASE/pykmip.db
C
    # own session and process group: pykmip-server forks helpers (a multiprocessing manager, a policy monitor)
    # that `stop` must end with it
    setsid "$PY" /usr/bin/pykmip-server -f "$BASE/server.conf" -l "$BASE/server.log" > "$BASE/server.out" 2>&1 < /dev/null &
    echo $! > "$BASE/server.pid"
    for _ in $(seq 1 150); do
      if up; then echo "kmip: up on 127.0.0.1:$PORT (pid $(cat "$BASE/server.pid")), client files in $BASE"; exit 0; fi
      kill -0 "$(cat "$BASE/server.pid")" 2>/dev/null || break
      sleep 0.2
    done
    echo "kmip.sh: pykmip-server did not come up; see $BASE/server.out and $BASE/server.log" >&2
    tail -5 "$BASE/server.out" >&2 || true
    exit 1 ;;
  stop)
    if [ -f "$BASE/server.pid" ]; then
      pid=$(cat "$BASE/server.pid")
      # the server leads its own process group (setsid): end the group, helpers included
      kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 -- "-$pid" 2>/dev/null && kill -9 -- "-$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do up || break; sleep 0.1; done # let the port close before a restart
    fi
    rm -f "$BASE/server.pid" ;;
  reset)
    "$0" stop; rm -rf "$BASE" ;;
  *)
    echo "usage: $0 install|start|stop|reset" >&2; exit 2 ;;
esac
