#!/usr/bin/env bash
# Copies the Kubernetes manifests quarkus-kubernetes generated for each service (<service>/target/kubernetes/
# kubernetes.yml, written by `mvn package`) to deploy/services/<service>.yml, which `kubectl apply -k deploy/` reads.
# Never edit deploy/services/ by hand: change the service's quarkus.kubernetes.* settings, then run this again.
#
#   scripts/manifests.sh           copy what the last `mvn package` generated
#   scripts/manifests.sh --build   first package the four services and what they depend on (mvn package -DskipTests)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
services=(observer-service attack-simulator mitigation-service orchestrator-service)

case "${1:-}" in
  --build)
    echo "packaging ${services[*]}"
    (cd "$root" && mvn -B -q package -DskipTests -am -pl "$(IFS=,; echo "${services[*]}")")
    ;;
  "") ;;
  -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
esac

mkdir -p "$root/deploy/services"
missing=0
for service in "${services[@]}"; do
  generated="$root/$service/target/kubernetes/kubernetes.yml"
  if [[ ! -f "$generated" ]]; then
    echo "missing $service/target/kubernetes/kubernetes.yml: run 'mvn -B package -DskipTests' (or $0 --build)" >&2
    missing=1
    continue
  fi
  cp "$generated" "$root/deploy/services/$service.yml"
  echo "deploy/services/$service.yml <- $service/target/kubernetes/kubernetes.yml"
done
exit "$missing"
