#!/usr/bin/env bash
# The main job: the C2 scenario end to end on the lab.
#
#   scripts/run.sh [--exit-at-end] [--time-scale N] [--no-scenario] [--no-build]
#
#   --exit-at-end   stop everything after the summary (exit 0 when the scenario succeeded)
#   --time-scale N  lab clock speed, N lab seconds per real second (default 1, or $C2_TIME_SCALE)
#   --no-scenario   start the stack only (Swagger UI, admin page); drive it yourself
#   --no-build      never build; fail if an artifact is missing
#   -h, --help      this text
#
# Builds what is missing (one mvn install), starts a real Kafka broker, the lab cluster (Kubernetes API + Cilium
# datapath + Hubble Relay) and the four services (profile %lab), prints the Swagger UI / admin URLs and the API
# token as soon as the orchestrator is ready, drives the reference scenario through the orchestrator's API and
# prints a timeline and a summary. Then keeps the stack up until Ctrl-C or SIGTERM, unless --exit-at-end.
# Everything it started is stopped on exit, on failure or a signal too.
#
# Environment: C2_API_TOKEN  the orchestrator's API token (default: a random one; also in run/latest/api-token)
#              C2_RUN_DIR    where logs, pids, summary.json and Kafka's data go (default run/<timestamp>,
#                            linked as run/latest)
#              C2_TIME_SCALE default for --time-scale
# One service or Kafka can be restarted inside the running stack: scripts/restart.sh (see the README).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
exit_at_end=false; time_scale=${C2_TIME_SCALE:-1}; scenario=true; build=true
while [ $# -gt 0 ]; do
  case "$1" in
    --exit-at-end) exit_at_end=true; shift ;;
    --time-scale)
      if [ $# -lt 2 ] || ! [[ $2 =~ ^[0-9]+([.][0-9]+)?$ ]] || [[ $2 =~ ^0+([.]0+)?$ ]]; then
        echo "run: --time-scale needs a positive number, e.g. --time-scale 1" >&2; exit 2
      fi
      time_scale=$2; shift 2 ;;
    --no-scenario) scenario=false; shift ;;
    --no-build) build=false; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ -n "${C2_RUN_DIR:-}" ]; then
  run_dir=$C2_RUN_DIR; mkdir -p "$run_dir"
else
  run_dir=$root/run/$(date +%Y%m%d-%H%M%S); mkdir -p "$run_dir"
  ln -sfn "$(basename "$run_dir")" "$root/run/latest"
fi
run_dir=$(cd "$run_dir" && pwd)
export C2_RUN_DIR=$run_dir
# shellcheck source=lib/stack.sh
. "$root/scripts/lib/stack.sh"
(umask 077; printf '%s\n' "${C2_API_TOKEN:-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}" \
    > "$run_dir/api-token")
token=$(cat "$run_dir/api-token")
shared_crds=$root/../shared/data/cilium-crds
started=()    # names whose $run_dir/<name>.pid this run owns (scripts/restart.sh rewrites them)
child=""      # the foreground job (build, scenario), waited on with `wait` so that signals act at once
kafka_started=false

cleanup() {
  local rc=$?
  trap '' INT TERM    # a second Ctrl-C must not leave half the stack running
  trap - EXIT
  if [ ${#started[@]} -gt 0 ]; then
    say "stopping everything this run started (up to 25 s: the services leave their Kafka consumer groups)"
  else
    say "stopping everything this run started"
  fi
  [ -n "$child" ] && stop_pids "$child"
  local pids=() i
  for ((i=${#started[@]}-1; i>=0; i--)); do pids+=("$(pid_of "${started[$i]}")"); done
  [ ${#pids[@]} -gt 0 ] && stop_pids "${pids[@]}"
  $kafka_started && { scripts/kafka.sh stop >/dev/null 2>&1 || true; }
  say "stopped; logs in $run_dir"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# run_child CMD...: runs CMD in the background and waits for it; traps run as soon as a signal comes.
run_child() {
  "$@" & child=$!
  local rc=0
  wait "$child" || rc=$?
  child=""
  return "$rc"
}

# -- build ---------------------------------------------------------------------------------------------------
missing=false
for s in "${services[@]}"; do [ -f "$s/target/quarkus-app/quarkus-run.jar" ] || missing=true; done
[ -f "lab-cluster/target/lab-cluster-$version.jar" ] || missing=true
[ -f "scenario/target/scenario-$version.jar" ] || missing=true
[ -f "test-support/target/runtime.classpath" ] || missing=true   # the Kafka launcher's classpath
if $missing; then
  if ! $build; then echo "run: artifacts missing and --no-build given; run scripts/run.sh once without it" >&2; exit 1; fi
  say "building (first run only: mvn -B install -DskipTests, a few minutes) -> $run_dir/build.log"
  # one reactor run: every module; test-support's build also writes the Kafka launcher's runtime classpath
  build_rc=0
  mvn -B -Dstyle.color=never install -DskipTests > "$run_dir/build.log" 2>&1 & child=$!
  # a line every 30 s naming the module Maven is on, so a first run does not sit silent for minutes
  build_start=$SECONDS; last_note=$SECONDS
  while kill -0 "$child" 2>/dev/null; do
    sleep 1 & wait $! || true     # (wait, not a plain sleep: Ctrl-C acts at once)
    if [ $((SECONDS - last_note)) -ge 30 ] && kill -0 "$child" 2>/dev/null; then
      module=$(sed -nE 's/^\[INFO\] -+< [^:]+:([^ ]+) >-+/\1/p' "$run_dir/build.log" | tail -1)
      step=$(sed -nE 's/^\[INFO\] Building .* \[([0-9]+\/[0-9]+)\].*/\1/p' "$run_dir/build.log" | tail -1)
      say "  ... building${module:+ $module}${step:+ (module $step)}, $((SECONDS - build_start)) s"
      last_note=$SECONDS
    fi
  done
  wait "$child" || build_rc=$?
  child=""
  sed -i 's/\x1b\[[0-9;]*m//g' "$run_dir/build.log"   # -B still leaves colour resets behind
  if [ "$build_rc" -ne 0 ]; then
    echo "run: the build failed; see $run_dir/build.log" >&2; tail -20 "$run_dir/build.log" >&2; exit 1
  fi
fi

# -- ports ---------------------------------------------------------------------------------------------------
for port in 9092 9093 16443 4245 8080 8081 8082 8083; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "run: port $port on 127.0.0.1 is in use (ss -ltnp 'sport = :$port'); stop what listens there" >&2; exit 1
  fi
done

# -- Kafka ---------------------------------------------------------------------------------------------------
say "starting Kafka (KRaft, 127.0.0.1:9092)"
kafka_started=true
scripts/kafka.sh start | sed 's/^/  /'

# -- lab cluster ---------------------------------------------------------------------------------------------
lab_args=(--port 16443 --time-scale "$time_scale")
[ -d "$shared_crds" ] && lab_args+=(--cilium-crds "$shared_crds")
say "starting the lab cluster (Kubernetes API $lab_url, Hubble Relay 127.0.0.1:4245, time x$time_scale)"
java -Xmx1g -cp "lab-cluster/target/lab-cluster-$version.jar:lab-cluster/target/lib/*" io.c2intents.lab.LabClusterMain \
    "${lab_args[@]}" >> "$run_dir/lab-cluster.log" 2>&1 < /dev/null &
echo $! > "$run_dir/lab-cluster.pid"; disown $!; started+=(lab-cluster)
wait_ready lab-cluster "$(ready_url lab-cluster)"

# -- services ------------------------------------------------------------------------------------------------
for s in "${services[@]}"; do
  say "starting $s (:${port_of[$s]}, profile lab)"
  start_service "$s"; started+=("$s")
done
for s in "${services[@]}"; do
  wait_ready "$s" "$(ready_url "$s")"
  say "  $s ready"
done

cat <<INFO

  Swagger UI:   http://127.0.0.1:8080/q/swagger-ui
  Admin page:   http://127.0.0.1:8080/
  API token:    $token  (also in $run_dir/api-token)
  kubectl:      kubectl --server $lab_url get pods -A
  Kafka:        kcat -b 127.0.0.1:9092 -C -t c2-alerts -f '%k %s\n'
  Logs:         $run_dir/<service>.log, lab-cluster.log, kafka/broker.log
  Restart one:  scripts/restart.sh <service>|kafka

INFO

# -- scenario ------------------------------------------------------------------------------------------------
rc=0
if $scenario; then
  say "running the reference scenario through the orchestrator API"
  C2_API_TOKEN=$token run_child java -cp "scenario/target/scenario-$version.jar:scenario/target/lib/*" \
      io.c2intents.scenario.LabScenario --orchestrator http://127.0.0.1:8080 --time-scale "$time_scale" \
      --summary "$run_dir/summary.json" || rc=$?
fi

if $exit_at_end; then exit $rc; fi
say "stack is up (Swagger UI http://127.0.0.1:8080/q/swagger-ui, token in $run_dir/api-token); Ctrl-C stops everything"
while true; do sleep 600 & child=$!; wait "$child" || true; child=""; done
