#!/usr/bin/env bash
# OpenStack Keystone v3 (Debian python3-keystone, SQLite, Fernet tokens) on 127.0.0.1:5000 under uwsgi, plus a
# second Swift proxy on 127.0.0.1:8081 authenticated through it (authtoken + keystoneauth for the Swift API,
# s3api + s3token for S3 with Keystone-issued EC2 credentials): the stack OVHcloud Object Storage exposes.
# The second proxy shares the account/container/object servers (and rings) of scripts/servers/swift.sh, which must
# be up first; the tempauth proxy on :8080 is never touched. Accounts differ (AUTH_<project id> vs AUTH_test).
#
#   scripts/servers/keystone.sh install   # Debian packages (through install.sh)
#   scripts/servers/keystone.sh start     # fresh database, keys, bootstrap, uwsgi + proxy; no-op if already up
#   scripts/servers/keystone.sh stop      # stops what start started (saved PIDs)
#
# Bootstrap (fresh at every start):
#   domain coffre-it; project coffre (user coffre-user has role member on it); project coffre-other (no role for
#   coffre-user: a project the user cannot reach); service user swift in Default/service (admin) for the proxy;
#   region GRA with the object-store endpoint http://127.0.0.1:8081/v1/AUTH_<project id>; region SBG whose
#   object-store endpoint is a closed port (127.0.0.1:9); region RBX whose endpoint is 127.0.0.1:8091, where only
#   a test's own relay listens (to count the Swift traffic of a store that follows the catalogue); EC2 credentials
#   for coffre-user on coffre.
# Tokens live ${KEYSTONE_TOKEN_SECONDS:-20} s (keystone accepts any value >= 0; the proxy's token cache is 5 s, below
# it, so an expired token is always refused): expiry happens during tests.
# Everything a test needs (URLs, names, the user's password, the EC2 access/secret) is written to
# $B/it.properties (mode 0600); nothing secret is printed. Requests to Keystone are logged one per line (uwsgi
# request log lines "REQ <method> <uri> <status> <ms>ms", no headers or bodies) in $B/log/uwsgi.log.
# Ports: KEYSTONE_PORT (5000), KEYSTONE_SWIFT_PORT (8081), KEYSTONE_RELAY_PORT (8091, only named in the catalogue). State: ${COFFRE_IT_BASE:-/tmp/coffre-it}/keystone
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BASE=${COFFRE_IT_BASE:-/tmp/coffre-it}
B=$BASE/keystone
SWIFT_ETC=${KEYSTONE_SWIFT_ETC:-$BASE/swift/etc}   # rings + swift.conf of the storage servers
KPORT=${KEYSTONE_PORT:-5000}
SPORT=${KEYSTONE_SWIFT_PORT:-8081}
TOKEN_SECONDS=${KEYSTONE_TOKEN_SECONDS:-20}
RELAY_PORT=${KEYSTONE_RELAY_PORT:-8091}
KURL=http://127.0.0.1:$KPORT/v3
SURL=http://127.0.0.1:$SPORT
PY=/usr/bin/python3

healthy() {
  [ -s "$B/it.properties" ] || return 1
  curl -sf -m 3 -o /dev/null "$KURL" || return 1
  curl -sf -m 3 -o /dev/null "$SURL/healthcheck" || return 1
  # the storage servers behind the proxy (swift.sh)
  local p
  for p in 6200 6201 6202; do curl -sf -m 2 -o /dev/null "http://127.0.0.1:$p/healthcheck" || return 1; done
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start_bg() { # name, command...: in the background, saves the PID of the process itself (no subshell)
  local name=$1; shift
  "$@" >"$B/log/$name.log" 2>&1 &
  echo $! >"$B/run/$name.pid"
}

setup_keystone() {
  rm -rf "$B/etc" "$B/db" "$B/log" "$B/fernet-keys" "$B/credential-keys" "$B/it.properties"
  mkdir -p "$B/etc" "$B/db" "$B/run" "$B/log" "$B/fernet-keys" "$B/credential-keys"
  chmod 700 "$B/etc" "$B/fernet-keys" "$B/credential-keys"
  cat > "$B/etc/keystone.conf" <<C
[DEFAULT]
log_file = $B/log/keystone.log
debug = false
use_stderr = false
[database]
connection = sqlite:///$B/db/keystone.sqlite
[token]
provider = fernet
expiration = $TOKEN_SECONDS
[fernet_tokens]
key_repository = $B/fernet-keys
[fernet_receipts]
key_repository = $B/fernet-keys
[credential]
key_repository = $B/credential-keys
[identity]
# bcrypt's minimum: bootstrap and every authentication stay fast on a shared machine (never in production)
password_hash_rounds = 4
[cache]
enabled = false
[oslo_policy]
enforce_new_defaults = false
C
  # the WSGI app reads its configuration from these (keystone/server/wsgi.py)
  export OS_KEYSTONE_CONFIG_DIR=$B/etc OS_KEYSTONE_CONFIG_FILES=keystone.conf
  local manage=(keystone-manage --config-file "$B/etc/keystone.conf")
  "${manage[@]}" db_sync >"$B/log/db_sync.log" 2>&1
  # WAL: a reader's open transaction (another uwsgi thread) must not block a writer's commit ("database is locked")
  "$PY" -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode=WAL").fetchall()' \
    "$B/db/keystone.sqlite"
  "${manage[@]}" fernet_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)" >>"$B/log/db_sync.log" 2>&1
  "${manage[@]}" credential_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)" >>"$B/log/db_sync.log" 2>&1
  ADMIN_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  OS_BOOTSTRAP_PASSWORD=$ADMIN_PASSWORD "${manage[@]}" bootstrap --bootstrap-username admin \
    --bootstrap-project-name admin --bootstrap-role-name admin --bootstrap-region-id GRA \
    --bootstrap-public-url "$KURL" --bootstrap-internal-url "$KURL" --bootstrap-admin-url "$KURL" \
    >>"$B/log/db_sync.log" 2>&1
}

start_keystone() {
  port_free "$KPORT" || { echo "keystone: port $KPORT is taken by another process" >&2; exit 1; }
  # uwsgi from Debian (uwsgi-core + uwsgi-plugin-python3), as Debian's keystone package runs it
  start_bg uwsgi env OS_KEYSTONE_CONFIG_DIR="$B/etc" OS_KEYSTONE_CONFIG_FILES=keystone.conf \
    uwsgi --plugin python3 --http11-socket "127.0.0.1:$KPORT" --wsgi-file /usr/bin/keystone-wsgi-public \
    --master --lazy-apps --processes 2 --threads 4 --die-on-term --need-app --buffer-size 65535 \
    --log-format 'REQ %(method) %(uri) %(status) %(msecs)ms'
  local i
  for i in $(seq 1 300); do
    curl -sf -m 2 -o /dev/null "$KURL" && return 0
    kill -0 "$(cat "$B/run/uwsgi.pid")" 2>/dev/null || break
    sleep 0.1
  done
  echo "keystone: NOT up on $KURL; logs in $B/log" >&2
  tail -n 20 "$B/log/uwsgi.log" "$B/log/keystone.log" >&2 2>/dev/null || true
  exit 1
}

bootstrap_projects() {
  # one Python process (keystoneclient) instead of ~20 openstack CLI runs; prints nothing secret
  KS_URL=$KURL KS_ADMIN_PASSWORD=$ADMIN_PASSWORD KS_SWIFT_URL=$SURL OUT=$B/it.properties \
    TOKEN_SECONDS=$TOKEN_SECONDS RELAY_PORT=$RELAY_PORT "$PY" - <<'PY'
import os, secrets
from keystoneauth1.identity import v3
from keystoneauth1 import session
from keystoneclient.v3 import client

url = os.environ["KS_URL"]

class Password(v3.Password):
    # keystoneauth renews any token that expires within 120 s, i.e. on every call with this Keystone's short tokens
    MIN_TOKEN_LIFE_SECONDS = 3

ks = client.Client(session=session.Session(auth=Password(
    auth_url=url, username="admin", password=os.environ["KS_ADMIN_PASSWORD"], project_name="admin",
    user_domain_id="default", project_domain_id="default")))
member = ks.roles.find(name="member")
admin = ks.roles.find(name="admin")
default = ks.domains.get("default")
domain = ks.domains.create(name="coffre-it", description="Coffre integration tests")
project = ks.projects.create(name="coffre", domain=domain)
other = ks.projects.create(name="coffre-other", domain=domain)
password = secrets.token_urlsafe(18)
user = ks.users.create(name="coffre-user", domain=domain, password=password, default_project=project)
ks.roles.grant(member, user=user, project=project)
service_project = ks.projects.create(name="service", domain=default)
swift_password = secrets.token_urlsafe(18)
swift = ks.users.create(name="swift", domain=default, password=swift_password)
ks.roles.grant(admin, user=swift, project=service_project)
ks.regions.create(id="SBG")
ks.regions.create(id="RBX")
svc = ks.services.create(name="swift", type="object-store")
for iface in ("public", "internal", "admin"):
    ks.endpoints.create(service=svc, interface=iface, region="GRA",
                        url=os.environ["KS_SWIFT_URL"] + "/v1/AUTH_%(project_id)s")
    ks.endpoints.create(service=svc, interface=iface, region="SBG", url="http://127.0.0.1:9/v1/AUTH_%(project_id)s")
    ks.endpoints.create(service=svc, interface=iface, region="RBX",
                        url="http://127.0.0.1:%s/v1/AUTH_%%(project_id)s" % os.environ["RELAY_PORT"])
ec2 = ks.ec2.create(user.id, project.id)
props = {
    "auth": url, "swift": os.environ["KS_SWIFT_URL"], "region": "GRA", "deadRegion": "SBG",
    "relayRegion": "RBX", "relayPort": os.environ["RELAY_PORT"],
    "domain": "coffre-it", "project": "coffre", "projectId": project.id, "otherProject": "coffre-other",
    "user": "coffre-user", "password": password, "ec2Access": ec2.access, "ec2Secret": ec2.secret,
    "tokenSeconds": os.environ["TOKEN_SECONDS"], "serviceUser": "swift", "servicePassword": swift_password,
}
fd = os.open(os.environ["OUT"] + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
with os.fdopen(fd, "w") as f:
    for k, v in props.items():
        f.write("%s=%s\n" % (k, v))
os.rename(os.environ["OUT"] + ".tmp", os.environ["OUT"])
PY
}

setup_proxy() {
  [ -f "$SWIFT_ETC/swift.conf" ] && [ -f "$SWIFT_ETC/object.ring.gz" ] || {
    echo "keystone: the Swift storage servers are not set up; start scripts/servers/swift.sh first" >&2; exit 1; }
  mkdir -p "$B/swift"
  # swift.conf (hash prefix/suffix) and rings must be those of the shared storage servers
  cp "$SWIFT_ETC/swift.conf" "$SWIFT_ETC"/{account,container,object}.ring.gz "$B/swift/"
  local service_password
  service_password=$(sed -n 's/^servicePassword=//p' "$B/it.properties")
  umask 077
  cat > "$B/swift/proxy-server.conf" <<C
[DEFAULT]
swift_dir = $B/swift
bind_ip = 127.0.0.1
bind_port = $SPORT
workers = 0
user = $(id -un)
log_name = proxy-keystone
log_level = INFO
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempurl ratelimit authtoken s3api s3token keystoneauth copy container-quotas account-quotas slo dlo versioned_writes symlink proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
www_authenticate_uri = $KURL
auth_url = $KURL
auth_type = password
project_domain_id = default
user_domain_id = default
project_name = service
username = swift
password = $service_password
delay_auth_decision = True
# below the token lifetime: a cached validation never outlives the token
token_cache_time = 5
include_service_catalog = False
http_connect_timeout = 5
[filter:keystoneauth]
use = egg:swift#keystoneauth
operator_roles = admin, member
reseller_prefix = AUTH_
[filter:s3api]
use = egg:swift#s3api
location = gra
[filter:s3token]
use = egg:swift#s3token
auth_uri = $KURL
reseller_prefix = AUTH_
delay_auth_decision = False
http_timeout = 10
# EC2 secrets cached (memcached) and signatures checked locally for 30 s: fewer Keystone round trips per S3 request
secret_cache_duration = 30
auth_type = password
auth_url = $KURL
project_domain_id = default
user_domain_id = default
project_name = service
username = swift
password = $service_password
[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:11211
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
# no token prefix in the access log
reveal_sensitive_prefix = 0
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:bulk]
use = egg:swift#bulk
[filter:tempurl]
use = egg:swift#tempurl
[filter:ratelimit]
use = egg:swift#ratelimit
[filter:copy]
use = egg:swift#copy
[filter:container-quotas]
use = egg:swift#container_quotas
[filter:account-quotas]
use = egg:swift#account_quotas
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
[filter:versioned_writes]
use = egg:swift#versioned_writes
[filter:symlink]
use = egg:swift#symlink
C
  umask 022
}

start_proxy() {
  port_free "$SPORT" || { echo "keystone: port $SPORT is taken by another process" >&2; exit 1; }
  # keystoneauth renews a service token that has < 120 s left before every use: with this Keystone's short tokens
  # the proxy's service user (authtoken, s3token) would log in several times per validation. Lower that margin in
  # the proxy process only (workers = 0: one process), then run swift-proxy-server itself.
  start_bg proxy "$PY" -c '
import runpy, sys
import keystoneauth1.identity.base as base
base.BaseIdentityPlugin.MIN_TOKEN_LIFE_SECONDS = 3
sys.argv = ["swift-proxy-server"] + sys.argv[1:]
runpy.run_path("/usr/bin/swift-proxy-server", run_name="__main__")' "$B/swift/proxy-server.conf" -v
}

start() {
  if healthy; then echo "keystone: already up on $KURL (Swift+S3 through it on $SURL)"; return 0; fi
  command -v keystone-manage >/dev/null && command -v uwsgi >/dev/null \
    || { echo "keystone: not installed; run scripts/servers/keystone.sh install" >&2; exit 1; }
  for p in 6200 6201 6202; do
    curl -sf -m 2 -o /dev/null "http://127.0.0.1:$p/healthcheck" \
      || { echo "keystone: Swift storage server :$p is down; start scripts/servers/swift.sh first" >&2; exit 1; }
  done
  stop >/dev/null 2>&1 || true
  setup_keystone
  start_keystone
  bootstrap_projects
  setup_proxy
  start_proxy
  local i
  for i in $(seq 1 300); do
    if healthy; then
      echo "keystone: up on $KURL, Swift+S3 through it on $SURL (state and it.properties in $B)"
      return 0
    fi
    sleep 0.1
  done
  echo "keystone: the Keystone-authenticated Swift proxy is NOT up on $SURL; logs in $B/log" >&2
  tail -n 20 "$B/log/proxy.log" >&2 || true
  exit 1
}

stop() {
  local name pid
  for name in proxy uwsgi; do
    [ -f "$B/run/$name.pid" ] || continue
    pid=$(cat "$B/run/$name.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$B/run/$name.pid"
  done
  echo "keystone: stopped"
}

case ${1:-} in
  install) "$HERE/install.sh" keystone ;;
  start) mkdir -p "$B"; start ;;
  stop) stop ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
