#!/usr/bin/env bash
# Restarts one part of the stack scripts/run.sh is running, in place.
#
#   scripts/restart.sh attack-simulator|observer-service|mitigation-service|orchestrator-service|kafka
#
# Works on run/latest (or $C2_RUN_DIR, as given to run.sh). A service is stopped (SIGTERM, SIGKILL after 25 s) and
# started again exactly as run.sh starts it (profile %lab, the same API token), its output appended to
# <run dir>/<service>.log; it returns once the service is ready. kafka stops and starts the broker on its data
# (<run dir>/kafka). run.sh still stops whatever this started when it ends. The lab cluster cannot be restarted:
# its pods live in memory; stop run.sh and start it again.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
[ $# -eq 1 ] || { usage >&2; exit 2; }
case "$1" in -h|--help) usage; exit 0 ;; esac
run_dir=${C2_RUN_DIR:-$root/run/latest}
if [ ! -d "$run_dir" ]; then echo "restart: no run folder $run_dir; is scripts/run.sh running?" >&2; exit 1; fi
run_dir=$(cd "$run_dir" && pwd)
export C2_RUN_DIR=$run_dir
# shellcheck source=lib/stack.sh
. "$root/scripts/lib/stack.sh"
if ! kill -0 "$(pid_of lab-cluster)" 2>/dev/null; then
  echo "restart: the stack of $run_dir is not running (no lab cluster); start scripts/run.sh" >&2; exit 1
fi

what=$1
case "$what" in
  kafka)
    scripts/kafka.sh stop
    scripts/kafka.sh start
    ;;
  attack-simulator|observer-service|mitigation-service|orchestrator-service)
    say "stopping $what (pid $(pid_of "$what"))"
    stop_pids "$(pid_of "$what")"
    printf '\n==== restarted by scripts/restart.sh at %s ====\n' "$(date -u +%FT%TZ)" >> "$run_dir/$what.log"
    say "starting $what (:${port_of[$what]}, profile lab) -> $run_dir/$what.log"
    start_service "$what"
    wait_ready "$what" "$(ready_url "$what")"
    say "$what ready (pid $(pid_of "$what"))"
    ;;
  lab-cluster)
    echo "restart: the lab cluster keeps its pods in memory; stop scripts/run.sh (Ctrl-C) and start it again" >&2
    exit 1 ;;
  *) echo "restart: unknown part $what" >&2; usage >&2; exit 2 ;;
esac
