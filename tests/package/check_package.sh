#!/usr/bin/env bash
# check_package.sh BUILD_DIR: the ctest check of the Debian package, without installing
# anything. Makes the package from the build tree (cpack, into BUILD_DIR/package-check; the
# targets outcome-lrs and outcomes must be built), then checks its name, control fields,
# dependencies, files, conffile and maintainer scripts; that the unit's commands, plugin and
# settings file are in the package and that every variable the unit and the settings file name
# is a serve option; the unit with `systemd-analyze verify` (where systemd is installed); and
# the first-start step, run from the unpacked package with its own binary and plugin on a
# database of its own: a first run creates exactly one credential (all, admin) in a file of mode
# 0600 and says where, a second run changes nothing. scripts/package-test.sh installs the
# package for real, on a fresh Debian 12.
set -euo pipefail
build="$(cd "$1" && pwd)"
out="$build/package-check"

fail() {
  echo "check_package: FAILED: $*" >&2
  exit 1
}

rm -rf "$out"
mkdir -p "$out"
(cd "$build" && cpack --config CPackConfig.cmake -B "$out") >"$out/cpack.log" 2>&1 ||
  { cat "$out/cpack.log" >&2; fail "cpack"; }

# The name and the control fields.
version="$("$build/lrs/outcome-lrs" --version | cut -d' ' -f2)"
arch="$(dpkg --print-architecture)"
deb="$out/outcome-lrs_${version}_${arch}.deb"
[ -f "$deb" ] || fail "no $deb; made: $(ls "$out")"
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = outcome-lrs ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version: $(field Version)"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture: $(field Architecture)"
depends="$(field Depends)"
depended="$(echo "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//')"
for package in adduser libc6 libcpprest2.10 libsqlite3-0 libssl3 libpq5 libstdc++6; do
  grep -qxF "$package" <<<"$depended" || fail "Depends lacks $package: $depends"
done
if grep -q -- '-dev$' <<<"$depended"; then fail "Depends names a -dev package: $depends"; fi

# The files, with their modes.
contents="$(dpkg-deb -c "$deb" | awk '{print $1, $6}')"
for expected in \
  "-rwxr-xr-x ./usr/bin/outcome-lrs" \
  "-rw-r--r-- ./usr/lib/outcome-lrs/liboutcomes.so" \
  "-rwxr-xr-x ./usr/lib/outcome-lrs/first-start" \
  "-rw-r--r-- ./lib/systemd/system/outcome-lrs.service" \
  "-rw-r--r-- ./etc/outcome-lrs/outcome-lrs.env" \
  "-rw-r--r-- ./usr/share/doc/outcome-lrs/README.md"; do
  grep -qxF -- "$expected" <<<"$contents" || fail "the package lacks \"$expected\""
done
if grep -q '^-.* \./\(usr/\)\?include/' <<<"$contents"; then fail "the package holds headers"; fi

# The control archive: the conffile, and maintainer scripts that are executable shell.
control="$out/control"
dpkg-deb -e "$deb" "$control"
[ "$(cat "$control/conffiles")" = /etc/outcome-lrs/outcome-lrs.env ] ||
  fail "conffiles: $(cat "$control/conffiles")"
for script in postinst prerm postrm; do
  [ -x "$control/$script" ] || fail "no executable $script"
  sh -n "$control/$script" || fail "$script is not valid sh"
done

# The unit refers to what the package holds, and names only serve options.
root="$out/root"
dpkg-deb -x "$deb" "$root"
unit="$root/lib/systemd/system/outcome-lrs.service"
unit_value() { sed -n "s/^$1=//p" "$unit"; }
for command in "$(unit_value ExecStartPre)" "$(unit_value ExecStart)"; do
  [ -x "$root/${command%% *}" ] || fail "the unit runs ${command%% *}, which the package lacks"
done
[ -f "$root/$(unit_value EnvironmentFile)" ] || fail "the unit reads a file the package lacks"
plugins="$(unit_value Environment | sed -n 's/^OUTCOME_LRS_PLUGINS=//p')"
[ -f "$root/$plugins" ] || fail "the unit loads the plugin $plugins, which the package lacks"
serve_help="$("$build/lrs/outcome-lrs" serve --help)"
variables="$( (unit_value Environment; sed 's/^#//' "$root/etc/outcome-lrs/outcome-lrs.env") |
  grep -o '^OUTCOME_LRS_[A-Z_]*' | sort -u)"
[ "$(echo "$variables" | wc -l)" -ge 10 ] || fail "the settings name few variables: $variables"
for variable in $variables; do
  grep -q "\b$variable\b" <<<"$serve_help" || fail "$variable is not a serve option's"
done

# systemd-analyze verify, against this machine's systemd units (it needs the targets the unit
# is ordered with) copied beside the package's files.
if command -v systemd-analyze >/dev/null && [ -f /lib/systemd/system/sysinit.target ]; then
  cp -rn /lib/systemd/system/. "$root/lib/systemd/system/"
  verify="$(systemd-analyze verify --root="$root" outcome-lrs.service 2>&1)" ||
    fail "systemd-analyze verify: $verify"
  [ -z "$verify" ] || fail "systemd-analyze verify warns: $verify"
else
  echo "check_package: systemd is not installed here: the unit is not verified (scripts/package-test.sh verifies it)"
fi

# The first-start step, with the packaged binary and plugin.
data="$out/data"
mkdir -p "$data"
first_start() {
  env -i PATH="$root/usr/bin:/usr/bin:/bin" STATE_DIRECTORY="$data" \
    OUTCOME_LRS_DB="$data/lrs.db" OUTCOME_LRS_PLUGINS="$root/$plugins" \
    "$root/usr/lib/outcome-lrs/first-start"
}
credentials() {
  "$root/usr/bin/outcome-lrs" credentials list --db "$data/lrs.db" | tail -n +2
}
said="$(first_start)" || fail "the first-start step failed"
file="$data/first-credential.txt"
grep -qF "its key and secret are in $file" <<<"$said" || fail "the first start said: $said"
[ "$(stat -c '%a' "$file")" = 600 ] || fail "$file has mode $(stat -c '%a' "$file")"
key="$(sed -n 's/^key: *//p' "$file")"
grep -q '^secret: ..*' "$file" || fail "no secret in $file"
[ "$(credentials | wc -l)" -eq 1 ] || fail "not one credential: $(credentials)"
credentials | grep -E "^$key +default +active .* (all admin|admin all)\$" >/dev/null ||
  fail "the credential is not the default store's with all and admin: $(credentials)"
cp "$file" "$out/first-credential.txt"
said="$(first_start)" || fail "the second first-start step failed"
[ -z "$said" ] || fail "the second first start said: $said"
cmp -s "$file" "$out/first-credential.txt" || fail "the second first start changed $file"
[ "$(credentials | wc -l)" -eq 1 ] || fail "a second credential after two starts"

rm -rf "$out"
echo "check_package: $(basename "$deb") passed"
