#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft) as its own process, from Maven Central jars; no Docker.
#
#   scripts/kafka.sh start [--port 9092] [--controller-port 9093] [--partitions 3]
#   scripts/kafka.sh stop | status | logs
#
# Data, log and pid live under $C2_RUN_DIR/kafka (default: ./run/kafka) and survive stop/start. Without
# C2_RUN_DIR, status, stop and logs also find the broker scripts/run.sh started (run/latest/kafka).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
run_dir=${C2_RUN_DIR:-$root/run}
dir=$run_dir/kafka
cp_file=$root/test-support/target/runtime.classpath

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

use_dir() { dir=$1; pid_file=$dir/broker.pid; log_file=$dir/broker.log; }
use_dir "$dir"

running_pid() {
  [ -f "$pid_file" ] || return 1
  local pid; pid=$(cat "$pid_file")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# Any build that packages test-support (scripts/run.sh's, `mvn verify`, `mvn install`) writes both the jar and
# target/runtime.classpath; alone, the first start builds them (one mvn run, colour off).
classpath() {
  if ! ls "$root"/test-support/target/test-support-*.jar >/dev/null 2>&1 || [ ! -f "$cp_file" ]; then
    echo "kafka: building the broker launcher (first run only; mvn install of test-support)..." >&2
    (cd "$root" && mvn -B -q -Dstyle.color=never install -DskipTests -pl test-support -am 2>&1 \
        | sed 's/\x1b\[[0-9;]*m//g' >&2; exit "${PIPESTATUS[0]}") \
      || { echo "kafka: building the broker launcher failed (output above); fix the build, then start again" >&2; return 1; }
  fi
  if [ ! -f "$cp_file" ]; then
    echo "kafka: $cp_file is missing after the build; run 'mvn -B install -DskipTests -pl test-support -am'" >&2
    return 1
  fi
  echo "$(ls "$root"/test-support/target/test-support-*.jar | head -1):$(cat "$cp_file")"
}

start() {
  local port=9092 cport=9093 partitions=3
  while [ $# -gt 0 ]; do
    case "$1" in
      --port|--controller-port|--partitions)
        if [ $# -lt 2 ] || ! [[ $2 =~ ^[0-9]+$ ]]; then echo "kafka: $1 needs a number (see --help)" >&2; exit 2; fi ;;&
      --port) port=$2; shift 2 ;;
      --controller-port) cport=$2; shift 2 ;;
      --partitions) partitions=$2; shift 2 ;;
      *) echo "kafka: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
  done
  if pid=$(running_pid); then
    echo "kafka: already running (pid $pid) on 127.0.0.1:$(cat "$dir/port" 2>/dev/null || echo '?'); log $log_file"
    return 0
  fi
  mkdir -p "$dir/data"
  local cp; cp=$(classpath) || exit 1   # (a failure inside $(...) does not stop the script by itself)
  : > "$log_file"
  # the launcher's SLF4J binding is JBoss LogManager: naming it up front avoids its "LogManager accessed before" ERROR
  nohup java -Xms256m -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dlog4j2.level=WARN \
      -cp "$cp" io.c2intents.testsupport.LocalKafka \
      --data "$dir/data" --port "$port" --controller-port "$cport" --partitions "$partitions" \
      >>"$log_file" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" > "$pid_file"
  echo "$port" > "$dir/port"
  for _ in $(seq 1 120); do
    if grep -q '^kafka: ready' "$log_file"; then
      grep '^kafka: ready' "$log_file"
      echo "kafka: pid $pid, log $log_file, data $dir/data"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pid_file"
      echo "kafka: failed to start:" >&2
      grep -E '^kafka:|Exception|ERROR' "$log_file" | head -5 >&2 || tail -5 "$log_file" >&2
      echo "kafka: full log: $log_file" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "kafka: not ready after 60 s; see $log_file" >&2
  exit 1
}

stop() {
  if pid=$(running_pid); then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    echo "kafka: stopped (pid $pid); data kept in $dir/data"
  else
    echo "kafka: not running"
  fi
  rm -f "$pid_file"
}

status() {
  if pid=$(running_pid); then
    echo "kafka: running (pid $pid) on 127.0.0.1:$(cat "$dir/port"), data $dir/data, log $log_file"
  else
    echo "kafka: not running"; return 3
  fi
}

cmd=${1:-}; [ $# -gt 0 ] && shift
# no C2_RUN_DIR and no broker in run/kafka: the one scripts/run.sh started, if it runs
if [ -z "${C2_RUN_DIR:-}" ] && [[ $cmd =~ ^(status|stop|logs)$ ]] && ! running_pid >/dev/null \
    && [ -d "$root/run/latest/kafka" ]; then
  use_dir "$(cd "$root/run/latest/kafka" && pwd)"
  if running_pid >/dev/null || [ "$cmd" = logs ]; then
    echo "kafka: (the broker of scripts/run.sh, $(dirname "$dir"))"
  else
    use_dir "$run_dir/kafka"
  fi
fi
case "$cmd" in
  start) start "$@" ;;
  stop) stop ;;
  status) status ;;
  logs) tail -n 50 "$log_file" ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
