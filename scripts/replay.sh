#!/usr/bin/env bash
# Replays a real Hubble JSON capture through the observer's detector and the mitigation service in dry-run.
#
#   scripts/replay.sh <capture.jsonl> [--indicator 1.1.1.1[,10.0.0.0/8]] [--stix bundle.json] [--no-build]
#
# Starts its own Kafka broker (127.0.0.1:19092), declares a dry-run security intent, starts mitigation-service
# (:18082, Kubernetes API unreachable on purpose: a dry-run never calls it) and observer-service (:18081, reading
# the capture once, indicators from --indicator/--stix, baseline and beaconing detectors off), then prints every
# alert and every CiliumNetworkPolicy the dry-run would apply, validated against Cilium's CRD schema. Exit 0 when
# every policy is schema-valid. Everything it started is stopped on exit. Logs: run/replay-<timestamp>/.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
capture=""; indicators=""; stix=""; build=true
while [ $# -gt 0 ]; do
  case "$1" in
    --indicator) indicators=$2; shift 2 ;;
    --stix) stix=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
[ -n "$indicators" ] || [ -n "$stix" ] || indicators=1.1.1.1
cd "$root"

version=0.1.0-SNAPSHOT
kafka_port=19092; controller_port=19093; observer_port=18081; mitigation_port=18082
run_dir=${C2_RUN_DIR:-$root/run/replay-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$run_dir"
export C2_RUN_DIR=$run_dir
shared_crds=$root/../shared/data/cilium-crds
pids=()
kafka_started=false

say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  say "stopping everything this replay started"
  for ((i=${#pids[@]}-1; i>=0; i--)); do kill "${pids[$i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  done
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
  if ! mvn -B install -DskipTests > "$run_dir/build.log" 2>&1; then
    echo "replay: the build failed; see $run_dir/build.log" >&2; tail -20 "$run_dir/build.log" >&2; exit 1
  fi
fi

# -- ports ---------------------------------------------------------------------------------------------------
for port in $kafka_port $controller_port $observer_port $mitigation_port; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "replay: port $port on 127.0.0.1 is in use (another replay or test? ss -ltnp 'sport = :$port')" >&2; exit 1
  fi
done

wait_for() { # name log pid check-command...
  local name=$1 log=$2 pid=$3 i; shift 3
  for i in $(seq 1 240); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "replay: $name exited during start-up; see $log" >&2; tail -15 "$log" >&2; exit 1
    fi
    [ $((i % 20)) -eq 0 ] && say "  ... $name not ready yet ($((i / 4)) s)"
    sleep 0.25
  done
  echo "replay: $name not ready after 60 s; see $log" >&2; tail -15 "$log" >&2; exit 1
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
pids+=($!)
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
pids+=($!)
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
