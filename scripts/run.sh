#!/usr/bin/env bash
# The main job: the C2 scenario end to end on the lab.
#
#   scripts/run.sh [--exit-at-end] [--time-scale 1] [--no-scenario] [--no-build]
#
# Builds what is missing, starts a real Kafka broker, the lab cluster (Kubernetes API + Cilium datapath + Hubble
# Relay) and the four services (profile %lab), drives the reference scenario through the orchestrator's API, and
# prints a timeline and a summary. Then keeps the stack up (Swagger UI, admin page) until Ctrl-C, unless
# --exit-at-end. Everything it started is stopped on exit, on failure too. Logs: run/<timestamp>/.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
exit_at_end=false; time_scale=${C2_TIME_SCALE:-1}; scenario=true; build=true
while [ $# -gt 0 ]; do
  case "$1" in
    --exit-at-end) exit_at_end=true; shift ;;
    --time-scale) time_scale=$2; shift 2 ;;
    --no-scenario) scenario=false; shift ;;
    --no-build) build=false; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

version=0.1.0-SNAPSHOT
run_dir=${C2_RUN_DIR:-$root/run/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$run_dir"
ln -sfn "$run_dir" "$root/run/latest" 2>/dev/null || true
export C2_RUN_DIR=$run_dir
token=${C2_API_TOKEN:-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}
shared_crds=$root/../shared/data/cilium-crds
pids=()

say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  say "stopping everything this run started"
  for ((i=${#pids[@]}-1; i>=0; i--)); do kill "${pids[$i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  done
  scripts/kafka.sh stop >/dev/null 2>&1 || true
  say "stopped; logs in $run_dir"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# -- build ---------------------------------------------------------------------------------------------------
services=(attack-simulator observer-service mitigation-service orchestrator-service)
missing=false
for s in "${services[@]}"; do [ -f "$s/target/quarkus-app/quarkus-run.jar" ] || missing=true; done
[ -f "lab-cluster/target/lab-cluster-$version.jar" ] || missing=true
[ -f "scenario/target/scenario-$version.jar" ] || missing=true
if $missing; then
  if ! $build; then echo "run: artifacts missing and --no-build given; run 'mvn -B install -DskipTests' first" >&2; exit 1; fi
  say "building (first run only: mvn -B install -DskipTests, a few minutes) -> $run_dir/build.log"
  if ! mvn -B install -DskipTests > "$run_dir/build.log" 2>&1; then
    echo "run: the build failed; see $run_dir/build.log" >&2; tail -20 "$run_dir/build.log" >&2; exit 1
  fi
fi

# -- ports ---------------------------------------------------------------------------------------------------
for port in 9092 9093 16443 4245 8080 8081 8082 8083; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "run: port $port on 127.0.0.1 is in use (ss -ltnp 'sport = :$port'); stop what listens there" >&2; exit 1
  fi
done

wait_for() { # name url log pid
  local name=$1 url=$2 log=$3 pid=$4 i
  for i in $(seq 1 240); do
    if curl -fsS "$url" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "run: $name exited during start-up; see $log" >&2; tail -15 "$log" >&2; exit 1
    fi
    [ $((i % 20)) -eq 0 ] && say "  ... $name not ready yet ($((i / 4)) s)"
    sleep 0.25
  done
  echo "run: $name not ready after 60 s; see $log" >&2; tail -15 "$log" >&2; exit 1
}

# -- Kafka ---------------------------------------------------------------------------------------------------
say "starting Kafka (KRaft, 127.0.0.1:9092)"
scripts/kafka.sh start | sed 's/^/  /'

# -- lab cluster ---------------------------------------------------------------------------------------------
lab_args=(--port 16443 --time-scale "$time_scale")
[ -d "$shared_crds" ] && lab_args+=(--cilium-crds "$shared_crds")
say "starting the lab cluster (Kubernetes API 127.0.0.1:16443, Hubble Relay 127.0.0.1:4245, time x$time_scale)"
java -Xmx1g -cp "lab-cluster/target/lab-cluster-$version.jar:lab-cluster/target/lib/*" io.c2intents.lab.LabClusterMain \
    "${lab_args[@]}" > "$run_dir/lab-cluster.log" 2>&1 &
pids+=($!)
wait_for lab-cluster "http://127.0.0.1:16443/version" "$run_dir/lab-cluster.log" "${pids[-1]}"

# -- services ------------------------------------------------------------------------------------------------
declare -A port_of=([orchestrator-service]=8080 [observer-service]=8081 [mitigation-service]=8082 [attack-simulator]=8083)
for s in attack-simulator observer-service mitigation-service orchestrator-service; do
  say "starting $s (:${port_of[$s]}, profile lab)"
  ORCHESTRATOR_API_TOKEN=$token java -Xmx512m -Dquarkus.profile=lab -jar "$s/target/quarkus-app/quarkus-run.jar" \
      > "$run_dir/$s.log" 2>&1 &
  pids+=($!)
done
i=0
for s in attack-simulator observer-service mitigation-service orchestrator-service; do
  wait_for "$s" "http://127.0.0.1:${port_of[$s]}/q/health/ready" "$run_dir/$s.log" "${pids[$((i + 1))]}"
  say "  $s ready"
  i=$((i + 1))
done

# -- scenario ------------------------------------------------------------------------------------------------
rc=0
if $scenario; then
  say "running the reference scenario through the orchestrator API"
  java -cp "scenario/target/scenario-$version.jar:scenario/target/lib/*" io.c2intents.scenario.LabScenario \
      --orchestrator http://127.0.0.1:8080 --token "$token" --summary "$run_dir/summary.json" || rc=$?
fi

cat <<INFO

  Swagger UI:   http://127.0.0.1:8080/q/swagger-ui
  Admin page:   http://127.0.0.1:8080/
  API token:    $token
  kubectl:      kubectl --server http://127.0.0.1:16443 get pods -A
  Kafka:        kcat -b 127.0.0.1:9092 -C -t c2-alerts -f '%k %s\n'
  Logs:         $run_dir
INFO
if $exit_at_end; then exit $rc; fi
say "stack is up; Ctrl-C stops everything"
while true; do sleep 3600; done
