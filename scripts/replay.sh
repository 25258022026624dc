#!/usr/bin/env bash
# Replays a real Hubble JSON capture through the observer's detector and the mitigation service in dry-run.
#
#   scripts/replay.sh <capture.jsonl> [--indicator 1.1.1.1[,10.0.0.0/8]] [--stix bundle.json] [--no-build]
#
# Starts its own Kafka broker (127.0.0.1:19092), declares a dry-run security intent, starts mitigation-service
# (:18082, Kubernetes API unreachable on purpose: a dry-run never calls it) and observer-service (:18081, reading
# the capture once, indicators from --indicator (default 1.1.1.1, the lab's C2 address) and --stix, baseline and
# beaconing detectors off), then prints every alert and every CiliumNetworkPolicy the dry-run would apply,
# validated against Cilium's CRD schema. Exit 0 when every policy is schema-valid. Everything it started is
# stopped on exit. Logs: run/replay-<timestamp>/ (or $C2_RUN_DIR).
# Try it: scripts/replay.sh ../shared/data/hubble-flows/hubble-otel-gke-10-flows.jsonl --indicator 10.0.2.1
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
capture=""; indicators=""; stix=""; build=true
while [ $# -gt 0 ]; do
  case "$1" in
    --indicator|--stix)
      if [ $# -lt 2 ] || [[ $2 == -* ]]; then echo "replay: $1 needs a value (see --help)" >&2; exit 2; fi ;;&
    --indicator) indicators=$2; shift 2 ;;
    --stix) stix=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    -*) echo "replay: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) [ -z "$capture" ] || { echo "replay: one capture only" >&2; exit 2; }; capture=$1; shift ;;
  esac
done
[ -n "$capture" ] || { echo "replay: a capture file is required (see --help)" >&2; exit 2; }
[ -f "$capture" ] || { echo "replay: capture not found: $capture" >&2; exit 2; }
capture=$(cd "$(dirname "$capture")" && pwd)/$(basename "$capture")
if [ -n "$stix" ]; then
  [ -f "$stix" ] || { echo "replay: STIX bundle not found: $stix" >&2; exit 2; }
  stix=$(cd "$(dirname "$stix")" && pwd)/$(basename "$stix")
fi
[ -n "$indicators" ] || [ -n "$stix" ] || indicators=1.1.1.1   # the lab scenario's C2 address
cd "$root"

kafka_port=19092; controller_port=19093; observer_port=18081; mitigation_port=18082
run_dir=${C2_RUN_DIR:-$root/run/replay-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$run_dir"
export C2_RUN_DIR=$run_dir
shared_crds=$root/../shared/data/cilium-crds
pids=()
kafka_started=false
# say, version, stop_pids (SIGTERM, then SIGKILL naming what did not stop within 25 s)
# shellcheck source=lib/stack.sh
. "$root/scripts/lib/stack.sh"

cleanup() {
  local rc=$?
  trap '' INT TERM
  trap - EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    say "stopping everything this replay started (up to 25 s: the services leave their Kafka consumer groups)"
    stop_pids "${pids[@]}"
  else
    say "stopping everything this replay started"
  fi
  $kafka_started && { scripts/kafka.sh stop >/dev/null 2>&1 || true; }
  say "stopped; logs in $run_dir"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# -- build ---------------------------------------------------------------------------------------------------
missing=false
for s in observer-service mitigation-service; do [ -f "$s/target/quarkus-app/quarkus-run.jar" ] || missing=true; done
[ -f "scenario/target/scenario-$version.jar" ] || missing=true
if $missing; then
  if ! $build; then echo "replay: artifacts missing and --no-build given; run 'mvn -B install -DskipTests' first" >&2; exit 1; fi
  say "building (first run only: mvn -B install -DskipTests, a few minutes) -> $run_dir/build.log"
  build_rc=0
  mvn -B -Dstyle.color=never install -DskipTests > "$run_dir/build.log" 2>&1 || build_rc=$?
  sed -i 's/\x1b\[[0-9;]*m//g' "$run_dir/build.log"
  if [ "$build_rc" -ne 0 ]; then
    echo "replay: the build failed; see $run_dir/build.log" >&2; tail -20 "$run_dir/build.log" >&2; exit 1
  fi
fi

# -- ports ---------------------------------------------------------------------------------------------------
for port in $kafka_port $controller_port $observer_port $mitigation_port; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "replay: port $port on 127.0.0.1 is in use (another replay or test? ss -ltnp 'sport = :$port')" >&2; exit 1
  fi
done

wait_for() { # name log pid check-command...  (times from the clock, as scripts/lib/stack.sh's wait_ready)
  local name=$1 log=$2 pid=$3 start=$SECONDS next=5; shift 3
  while [ $((SECONDS - start)) -lt 90 ]; do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "replay: $name exited during start-up; see $log" >&2; tail -15 "$log" >&2; exit 1
    fi
    if [ $((SECONDS - start)) -ge "$next" ]; then
      say "  ... $name not ready yet ($((SECONDS - start)) s)"; next=$((next + 10))
    fi
    sleep 0.25
  done
  echo "replay: $name not ready after $((SECONDS - start)) s; see $log" >&2; tail -15 "$log" >&2; exit 1
}

# kafka-clients logs through SLF4J, which has no provider here; its one warning is noise for a reader
report=(java -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -Dslf4j.internal.verbosity=WARN -cp "scenario/target/scenario-$version.jar:scenario/target/lib/*" io.c2intents.scenario.ReplayReport)

# -- Kafka ---------------------------------------------------------------------------------------------------
say "starting Kafka (KRaft, 127.0.0.1:$kafka_port)"
kafka_started=true
scripts/kafka.sh start --port $kafka_port --controller-port $controller_port | sed 's/^/  /'

# -- the dry-run intent, before the mitigation service reads the topic at start-up ------------------------------
"${report[@]}" intent --bootstrap 127.0.0.1:$kafka_port | sed 's/^/  /'

# -- mitigation-service, dry-run only ------------------------------------------------------------------------
# The Kubernetes API URL points at a closed port: a dry-run renders objects without the API, and any call that
# slipped through would fail loudly instead of touching a real cluster.
say "starting mitigation-service (:$mitigation_port, intent replay-dry-run, no Kubernetes API)"
java -Xmx384m -Dquarkus.http.port=$mitigation_port -Dkafka.bootstrap.servers=127.0.0.1:$kafka_port \
    -Dmitigation.intents.declare-default=false -Dkubernetes.master=http://127.0.0.1:9 \
    -jar mitigation-service/target/quarkus-app/quarkus-run.jar > "$run_dir/mitigation-service.log" 2>&1 &
pids+=($!); disown $!   # stopped by cleanup through its pid, without the shell's "Killed" job notices
wait_for mitigation-service "$run_dir/mitigation-service.log" "${pids[-1]}" \
    curl -fsS "http://127.0.0.1:$mitigation_port/q/health/live"
wait_for "mitigation-service intents" "$run_dir/mitigation-service.log" "${pids[-1]}" \
    grep -q 'intents in force: .*replay-dry-run' "$run_dir/mitigation-service.log"
say "  mitigation-service live, intent replay-dry-run in force"

# -- observer-service on the capture -------------------------------------------------------------------------
observer_args=(-Dquarkus.http.port=$observer_port -Dkafka.bootstrap.servers=127.0.0.1:$kafka_port
  -Dobserver.source=file -Dobserver.file.path="$capture" -Dobserver.file.follow=false
  -Dobserver.detector.baseline.enabled=false -Dobserver.detector.beaconing.enabled=false)
# an empty list would fall back to the default indicator 1.1.1.1; a STIX-only replay uses a documentation address
observer_args+=(-Dobserver.detector.indicators.addresses="${indicators:-192.0.2.255/32}")
[ -n "$stix" ] && observer_args+=(-Dobserver.detector.indicators.stix-bundles="$stix")
say "starting observer-service (:$observer_port) on $capture, indicators ${indicators:-none}${stix:+, STIX $stix}"
java -Xmx384m "${observer_args[@]}" -jar observer-service/target/quarkus-app/quarkus-run.jar \
    > "$run_dir/observer-service.log" 2>&1 &
pids+=($!); disown $!
wait_for observer-service "$run_dir/observer-service.log" "${pids[-1]}" \
    curl -fsS "http://127.0.0.1:$observer_port/q/health/live"

# -- report --------------------------------------------------------------------------------------------------
crd_args=()
if [ -d "$shared_crds" ]; then crd_args=(--cilium-crds "$shared_crds")
else say "Cilium CRDs not found at $shared_crds: policies will not be schema-validated"; fi
rc=0
"${report[@]}" report --bootstrap 127.0.0.1:$kafka_port --capture "$capture" "${crd_args[@]}" \
    --summary "$run_dir/summary.json" --timeout "${C2_REPLAY_TIMEOUT:-120}" || rc=$?
say "summary: $run_dir/summary.json"
exit $rc
