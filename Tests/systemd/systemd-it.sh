#!/bin/bash
# Integration check of govwatch's unit + daemon under a REAL systemd (PID 1 of a systemd-nspawn container).
# Adapted from the project's shared testing tool: it also runs systemd-sysusers and systemd-tmpfiles in the
# guest (as Deploy/install does), checks StatusText, and with BROKEN_CONFIG=1 expects the unit to fail with
# status 78 and not be restarted. UNIT_DROPIN=FILE adds a drop-in (tests shorten WatchdogSec with it).
# Default guest OS = this machine's own root, behind a throw-away tmpfs overlay (no download, ~2-5 s).
# With ROOTFS=/path/to/debootstrap-tree the guest is that tree instead (clean Debian; ROOTFS is modified).
# Needs: root, `apt-get install -y --no-install-recommends systemd-container`, util-linux, python3.
# usage: systemd-it.sh UNIT_FILE BINARY [SETTLE_SECONDS] [GUEST_PATH=HOST_FILE ...]
#   BINARY is installed at the path named by ExecStart= (first word) in the guest;
#   each GUEST_PATH=HOST_FILE (e.g. /etc/govwatch/govwatch.toml=Config/govwatch.toml) is copied in too.
set -euo pipefail
UNIT_FILE=$(realpath "$1"); BIN=$(realpath "$2"); SETTLE=${3:-}; SETTLE_ARG=$SETTLE; shift $(( $# < 3 ? $# : 3 ))
UNIT=$(basename "$UNIT_FILE")
EXEC=$(sed -n 's/^ExecStart=[-@:+!]*\([^ ]*\).*/\1/p' "$UNIT_FILE" | head -1)
WD=$(sed -n 's/^WatchdogSec=\([0-9]*\)s\?$/\1/p' "$UNIT_FILE" | head -1)
SETTLE=${SETTLE:-$(( ${WD:-2} * 2 ))}          # outlive the watchdog at least twice
STAGE=$(mktemp -d /tmp/sysd-it.XXXXXX); LOG=$STAGE.console.log
chmod 755 "$STAGE"          # cp -a STAGE/. copies this mode onto the guest's "/": 0700 breaks DynamicUser (200/CHDIR)
install -D -m 755 "$BIN" "$STAGE$EXEC"
install -D -m 644 "$UNIT_FILE" "$STAGE/etc/systemd/system/$UNIT"
[ -n "${UNIT_DROPIN:-}" ] && install -D -m 644 "$UNIT_DROPIN" "$STAGE/etc/systemd/system/$UNIT.d/test.conf"
[ -n "${UNIT_DROPIN:-}" ] && WD=$(sed -n 's/^WatchdogSec=\([0-9]*\)s\?$/\1/p' "$UNIT_DROPIN" | head -1) && SETTLE=${SETTLE_ARG:-$(( ${WD:-2} * 2 ))}
python3 -c 'import uuid; print(uuid.uuid4().hex)' > "$STAGE/etc/machine-id"   # own journal, not the host's
for pair in "$@"; do install -D -m 644 "${pair#*=}" "$STAGE${pair%%=*}"; done

NSPAWN_ARGS=(--register=no --keep-unit --private-network --console=passive --system-call-filter=bpf
             -b systemd.unit=basic.target)
export SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1      # cgroup2 guest (host is hybrid): IPAddressDeny= etc. work
if [ -n "${ROOTFS:-}" ]; then
  cp -a "$STAGE"/. "$ROOTFS"/
  setsid systemd-nspawn -D "$ROOTFS" "${NSPAWN_ARGS[@]}" > "$LOG" 2>&1 < /dev/null & BOOT=$!
else
  OVL=$(mktemp -d /tmp/sysd-ovl.XXXXXX)         # mounts below live only in the private mount namespace
  setsid unshare --mount --propagation private bash -c '
    set -e; O=$0; mount -t tmpfs -o mode=755 ovl $O
    mkdir $O/upper $O/work $O/root
    mount -t overlay overlay -o lowerdir=/,upperdir=$O/upper,workdir=$O/work $O/root
    cp -a "$1"/. $O/root/; shift
    exec systemd-nspawn -D $O/root "$@"' "$OVL" "$STAGE" "${NSPAWN_ARGS[@]}" > "$LOG" 2>&1 < /dev/null & BOOT=$!
fi
desc() { local p; for p in $(pgrep -P "$1"); do echo "$p"; desc "$p"; done; }
L=; for i in $(seq 1 600); do
  for p in $(desc $BOOT); do [ "$(cat /proc/$p/comm 2>/dev/null)" = systemd ] && { L=$p; break; }; done
  [ -n "$L" ] && break; sleep 0.05; done
[ -n "$L" ] || { echo "FAIL: guest systemd did not start"; cat "$LOG"; kill $BOOT; exit 1; }
g() { nsenter -t "$L" -a "$@"; }
for i in $(seq 1 200); do g test -S /run/systemd/private && break; sleep 0.05; done
FAIL=0; check() { if [ "$2" = "$3" ]; then echo "ok   $1 = $3"; else echo "FAIL $1 = '$2', want '$3'"; FAIL=1; fi; }
prop() { g systemctl show -P "$1" "$UNIT"; }
echo "guest: $(g systemctl is-system-running --wait)"
check "systemd-analyze verify output" "$(g systemd-analyze verify --man=no "/etc/systemd/system/$UNIT" 2>&1)" ""
g systemd-sysusers 2>&1 | tail -3 || true
g systemd-tmpfiles --create /usr/lib/tmpfiles.d/govwatch.conf 2>&1 | tail -3 || true; g ls -la /var/spool/govwatch | head -3 || true
if [ -n "${BROKEN_CONFIG:-}" ]; then
  g systemctl start "$UNIT" || true
  sleep 3
  check "ExecMainStatus with a broken config" "$(prop ExecMainStatus)" 78
  check "Result with a broken config" "$(prop Result)" exit-code
  sleep "$(( $(prop RestartUSec | sed 's/[^0-9].*//' || echo 1) + 2 ))" 2>/dev/null || sleep 3
  check "NRestarts with a broken config" "$(prop NRestarts)" 0
  echo "--- journal of $UNIT"; g journalctl -b -u "$UNIT" --no-pager -o short-monotonic | tail -8
  g systemctl poweroff || true; wait $BOOT || true
  for h in systemd unified; do for top in payload supervisor; do
    [ -d /sys/fs/cgroup/$h/$top ] && find /sys/fs/cgroup/$h/$top -depth -type d -exec rmdir {} \; 2>/dev/null; done; done
  rm -rf "$STAGE"; [ -n "${OVL:-}" ] && rmdir "$OVL"
  [ $FAIL = 0 ] && echo "PASS (console log: $LOG)" || { echo "FAILED (console log: $LOG)"; exit 1; }
  exit 0
fi
g systemctl start "$UNIT" || true
check ActiveState "$(prop ActiveState)" active
check SubState "$(prop SubState)" running
echo "     StatusText='$(prop StatusText)' MainPID=$(prop MainPID) User=$(prop User)"
for i in $(seq 1 100); do [ -n "$(prop StatusText)" ] && break; sleep 0.1; done
check "StatusText set" "$([ -n "$(prop StatusText)" ] && echo yes || echo no)" yes
sleep "$SETTLE"                                  # watchdog must keep being fed
check "ActiveState after ${SETTLE}s" "$(prop ActiveState)" active
check "Result after ${SETTLE}s" "$(prop Result)" success
check NRestarts "$(prop NRestarts)" 0
g systemctl stop "$UNIT"
check "Result after stop" "$(prop Result)" success
check "ExecMainStatus after stop" "$(prop ExecMainStatus)" 0
echo "--- journal of $UNIT"; g journalctl -b -u "$UNIT" --no-pager -o short-monotonic | tail -20
g systemctl poweroff || true
wait $BOOT || true
for h in systemd unified; do for top in payload supervisor; do   # nspawn --keep-unit leaves these behind
  [ -d /sys/fs/cgroup/$h/$top ] && find /sys/fs/cgroup/$h/$top -depth -type d -exec rmdir {} \; 2>/dev/null; done; done
rm -rf "$STAGE"; [ -n "${OVL:-}" ] && rmdir "$OVL"; [ $FAIL = 0 ] && echo "PASS (console log: $LOG)" || { echo "FAILED (console log: $LOG)"; exit 1; }
