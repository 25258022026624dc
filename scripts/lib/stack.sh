# Sourced by scripts/run.sh and scripts/restart.sh: how the lab stack's processes are started, awaited and stopped.
# Expects $root and $run_dir. Each process writes $run_dir/<name>.pid and appends to $run_dir/<name>.log.

version=0.1.0-SNAPSHOT
services=(attack-simulator observer-service mitigation-service orchestrator-service)
declare -A port_of=([orchestrator-service]=8080 [observer-service]=8081 [mitigation-service]=8082 [attack-simulator]=8083)
lab_url=http://127.0.0.1:16443

say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }

# start_service NAME: profile %lab, in the background. The API token is read from $run_dir/api-token into the
# environment, never put on a command line (ps shows command lines). The Kubernetes API is given through
# Fabric8's own variables, which are read at run time.
start_service() {
  local s=$1 ns=()
  [ "$s" = attack-simulator ] && ns=(KUBERNETES_NAMESPACE=c2-lab)
  env ORCHESTRATOR_API_TOKEN="$(cat "$run_dir/api-token")" KUBERNETES_MASTER="$lab_url" \
      KUBERNETES_TRUST_CERTIFICATES=true "${ns[@]}" \
      java -Xmx512m -Dquarkus.profile=lab -Dquarkus.console.color=false \
      -jar "$root/$s/target/quarkus-app/quarkus-run.jar" >> "$run_dir/$s.log" 2>&1 < /dev/null &
  echo $! > "$run_dir/$s.pid"
  disown $!   # stopped through its pid file, not as a job of this shell
}

pid_of() { cat "$run_dir/$1.pid" 2>/dev/null || true; }

# wait_ready NAME URL: until URL answers, or fail (exit 1) naming the log when the process died or 90 s passed.
# Times are read from the clock: on a loaded machine each curl takes a while, so counting polls would under-report.
wait_ready() {
  local name=$1 url=$2 log=$run_dir/$1.log pid start=$SECONDS next=5
  pid=$(pid_of "$name")
  while [ $((SECONDS - start)) -lt 90 ]; do
    if curl -fsS --max-time 5 "$url" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "run: $name exited during start-up; see $log" >&2; tail -15 "$log" >&2; exit 1
    fi
    if [ $((SECONDS - start)) -ge "$next" ]; then
      say "  ... $name not ready yet ($((SECONDS - start)) s)"; next=$((next + 10))
    fi
    sleep 0.25
  done
  echo "run: $name not ready after $((SECONDS - start)) s; see $log" >&2; tail -15 "$log" >&2; exit 1
}

ready_url() {
  if [ "$1" = lab-cluster ]; then echo "$lab_url/version"; else echo "http://127.0.0.1:${port_of[$1]}/q/health/ready"; fi
}

# stop_pids PID...: SIGTERM to all, up to 25 s together for them to exit (the orchestrator alone takes ~15 s to
# leave its consumer groups), then SIGKILL to what is left, naming it.
stop_pids() {
  local pid alive
  for pid in "$@"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 100); do
    alive=false
    for pid in "$@"; do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && alive=true; done
    $alive || return 0
    sleep 0.25
  done
  for pid in "$@"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      echo "  pid $pid ($(ps -o comm= -p "$pid" 2>/dev/null || echo '?')) did not stop within 25 s: killed" >&2
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
}
