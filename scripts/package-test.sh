#!/usr/bin/env bash
# The install test of the Debian package, for a fresh Debian 12 where nothing may be left
# behind (it installs packages and the service user): run it there as root, e.g.
#
#   ../shared/tools/fresh-debian.sh . scripts/package-test.sh
#
# It builds the package (scripts/package.sh; or takes OUTCOME_LRS_DEB=PATH, already built),
# installs it with apt-get (which pulls in its dependencies), checks the user, the directories,
# the conffile and the unit (systemd-analyze verify), then does what systemd would do on
# `systemctl start outcome-lrs` (in a chroot systemd is not running): with the unit's
# Environment= and EnvironmentFile=, as its User=, it runs the unit's ExecStartPre (the
# first-start step) and ExecStart on a free loopback port set in the EnvironmentFile, posts and
# reads a statement with the first credential, stops the server, and finally installs the
# package again (an upgrade), removes and purges it. Exits non-zero, saying what, at the first check that fails.
set -euo pipefail
OUTCOME_LRS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$OUTCOME_LRS_ROOT/scripts/lib/deps.sh"

fail() {
  echo "package-test: FAILED: $*" >&2
  exit 1
}
step() { echo "package-test: $*"; }

[ "$(id -u)" -eq 0 ] || fail "run as root, on a machine made for the test (it installs packages)"
# A chroot unpacked into a directory made by mktemp has a root directory of mode 0700, which no
# installed system has and through which the service user could reach nothing.
if [ "$(stat -c '%a' /)" != 755 ]; then
  step "the root directory is mode $(stat -c '%a' /) (a chroot's); making it 755 as on an installed system"
  chmod 755 /
fi

unit=/lib/systemd/system/outcome-lrs.service
env_file=/etc/outcome-lrs/outcome-lrs.env
state=/var/lib/outcome-lrs
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- Build and install ----------------------------------------------------------------------
deb="${OUTCOME_LRS_DEB:-}"
if [ -z "$deb" ]; then
  deb="$("$OUTCOME_LRS_ROOT/scripts/package.sh" | tail -n 1)"
fi
[ -f "$deb" ] || fail "no package at \"$deb\""
step "installing $deb"
# systemd for systemd-analyze (a server has it; the package does not depend on it), curl for
# the requests.
ensure_packages systemd curl
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"
dpkg-query -W -f='${Status}\n' outcome-lrs | grep -q 'install ok installed' ||
  fail "outcome-lrs is not installed"

# --- What the package made --------------------------------------------------------------------
step "checking the user, the directories, the conffile and the unit"
passwd_line="$(getent passwd outcome-lrs)" || fail "no user outcome-lrs"
uid="$(echo "$passwd_line" | cut -d: -f3)"
[ "$uid" -lt 1000 ] || fail "outcome-lrs is not a system user (uid $uid)"
case "$(echo "$passwd_line" | cut -d: -f7)" in
  */nologin | */false) ;;
  *) fail "outcome-lrs has a login shell: $passwd_line" ;;
esac
getent group outcome-lrs >/dev/null || fail "no group outcome-lrs"
[ "$(stat -c '%U:%G %a' "$state")" = "outcome-lrs:outcome-lrs 750" ] ||
  fail "$state is $(stat -c '%U:%G %a' "$state"), not outcome-lrs:outcome-lrs 750"
[ -f "$env_file" ] || fail "no $env_file"
dpkg-query -W -f='${Conffiles}\n' outcome-lrs | grep -q "^ $env_file " ||
  fail "$env_file is not a conffile"
[ -x /usr/bin/outcome-lrs ] || fail "no /usr/bin/outcome-lrs"
[ -f /usr/lib/outcome-lrs/liboutcomes.so ] || fail "no outcome plugin"
/usr/bin/outcome-lrs --version
[ -L /etc/systemd/system/multi-user.target.wants/outcome-lrs.service ] ||
  fail "the unit is not enabled"
verify="$(systemd-analyze verify "$unit" 2>&1)" || fail "systemd-analyze verify: $verify"
[ -z "$verify" ] || fail "systemd-analyze verify warns: $verify"
systemd-analyze security --offline=yes "$unit" 2>/dev/null | tail -n 1 || true

# --- The unit, as systemd would run it --------------------------------------------------------
# A free loopback port (this chroot shares the machine's network), set as an administrator
# would: in the EnvironmentFile.
port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 20000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
    port="$candidate"
    break
  fi
done
[ -n "$port" ] || fail "no free loopback port"
echo "OUTCOME_LRS_LISTEN=127.0.0.1:$port" >>"$env_file"

# The unit's settings (this test's unit uses only the unquoted forms it parses).
unit_value() { sed -n "s/^$1=//p" "$unit"; }
user="$(unit_value User)"
[ "$user" = outcome-lrs ] || fail "the unit runs as \"$user\""
[ "$(unit_value EnvironmentFile)" = "$env_file" ] || fail "the unit reads another EnvironmentFile"
# systemd's own variables for a service with StateDirectory=, then Environment=, then the
# EnvironmentFile (which wins, as in systemd).
environment=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  HOME="$state" USER="$user" LOGNAME="$user"
  STATE_DIRECTORY="/var/lib/$(unit_value StateDirectory)")
while IFS= read -r assignment; do environment+=("$assignment"); done < <(unit_value Environment)
while IFS= read -r line; do
  case "$line" in '' | '#'*) continue ;; esac
  environment+=("$line")
done <"$env_file"
umask_value="$(unit_value UMask)"
# as_service COMMAND...: runs COMMAND as the unit would (its user, umask and environment) and
# becomes it: in a subshell started with `&`, $! is then COMMAND's process id.
as_service() {
  umask "$umask_value"
  exec setpriv --reuid="$user" --regid="$user" --init-groups --no-new-privs \
    env -i "${environment[@]}" "$@"
}
read -r -a start_pre <<<"$(unit_value ExecStartPre)"
read -r -a start <<<"$(unit_value ExecStart)"

step "first start: ${start_pre[*]}"
first_output="$(as_service "${start_pre[@]}")" || fail "the first-start step failed"
echo "$first_output"
credential_file="$state/first-credential.txt"
grep -qF "$credential_file" <<<"$first_output" || fail "the first start does not name the file"
[ "$(stat -c '%U %a' "$credential_file")" = "outcome-lrs 600" ] ||
  fail "$credential_file is $(stat -c '%U %a' "$credential_file")"
key="$(sed -n 's/^key: *//p' "$credential_file")"
secret="$(sed -n 's/^secret: *//p' "$credential_file")"
[ -n "$key" ] && [ -n "$secret" ] || fail "no key and secret in $credential_file"
[ "$(stat -c '%U' "$state/lrs.db")" = outcome-lrs ] || fail "the database is not the user's"

step "serving: ${start[*]} on 127.0.0.1:$port"
(as_service "${start[@]}") >"$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  if curl -fsS "$base/xapi/about" >/dev/null 2>&1; then break; fi
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; fail "the server exited"; }
  sleep 0.1
done
curl -fsS "$base/xapi/about" >/dev/null || { cat "$work/server.log" >&2; fail "no answer"; }

step "posting and reading a statement with the first credential"
xapi=(-sS -u "$key:$secret" -H 'X-Experience-API-Version: 1.0.3')
ids="$(curl "${xapi[@]}" -f -H 'Content-Type: application/json' \
  --data @"$OUTCOME_LRS_ROOT/schemas/examples/statement-completed.json" "$base/xapi/statements")" ||
  fail "POST /xapi/statements"
id="$(echo "$ids" | sed -n 's/^\["\([0-9a-f-]\{36\}\)"\]$/\1/p')"
[ -n "$id" ] || fail "POST answered $ids"
statement="$(curl "${xapi[@]}" -f "$base/xapi/statements?statementId=$id")" ||
  fail "GET the statement"
for expected in "\"id\":\"$id\"" '"mbox":"mailto:ann.lee@example.com"' "\"name\":\"$key\""; do
  grep -qF "$expected" <<<"$statement" || fail "the statement read lacks $expected: $statement"
done
# The outcome plugin is loaded (its API answers) and the credential has the admin scope.
curl "${xapi[@]}" -f -o /dev/null "$base/outcomes" || fail "GET /outcomes"
curl "${xapi[@]}" -f -o /dev/null "$base/metrics" || fail "GET /metrics"
curl -sS -o /dev/null -w '%{http_code}' "$base/xapi/statements?statementId=$id" \
  -H 'X-Experience-API-Version: 1.0.3' | grep -q '^401$' || fail "no credential was not 401"

step "the first-start step again: nothing to do"
cp "$credential_file" "$work/first-credential.txt"
again="$(as_service "${start_pre[@]}")" || fail "the second first-start step failed"
[ -z "$again" ] || fail "the second start said: $again"
cmp -s "$credential_file" "$work/first-credential.txt" || fail "the credential file changed"
count="$(as_service /usr/bin/outcome-lrs credentials list --db "$state/lrs.db" | tail -n +2 | wc -l)"
[ "$count" -eq 1 ] || fail "$count credentials after two starts"

step "stopping (SIGTERM, as systemctl stop)"
kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=""
# The process was the server itself, so nothing may answer any more.
! curl -sS -o /dev/null "$base/xapi/about" 2>/dev/null || fail "something still answers on $port"
[ "$status" -eq 0 ] || { cat "$work/server.log" >&2; fail "the server exited with $status"; }

# --- Upgrade (the same package again), remove and purge: the data and the user stay -----------
step "installing again, as an upgrade"
apt-get install -y -q --reinstall "$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")" >/dev/null
grep -qx "OUTCOME_LRS_LISTEN=127.0.0.1:$port" "$env_file" || fail "the upgrade replaced $env_file"
cmp -s "$credential_file" "$work/first-credential.txt" || fail "the upgrade changed the credential"
[ "$(stat -c '%U:%G %a' "$state")" = "outcome-lrs:outcome-lrs 750" ] || fail "the upgrade changed $state"

step "removing and purging"
apt-get remove -y -q outcome-lrs >/dev/null
[ -f "$env_file" ] || fail "remove took the conffile"
apt-get purge -y -q outcome-lrs
[ ! -e "$env_file" ] || fail "purge left $env_file"
[ ! -e /usr/bin/outcome-lrs ] || fail "purge left the binary"
[ -f "$state/lrs.db" ] || fail "purge deleted the database"
getent passwd outcome-lrs >/dev/null || fail "purge deleted the user"

step "PASSED"
