#!/bin/sh
# Detector benchmark: a Hubble JSON file replayed into Kafka and run through the detector, beside a raw Kafka
# produce + consume of the same records, on the in-JVM broker (see docs/benchmarks.md, "Detector").
# Usage: scripts/bench-detector.sh [flows per run (400000)] [rounds (3)]
# Not a test: it compiles observer-service's test classes and runs DetectorBenchmark with its test classpath.
set -e
cd "$(dirname "$0")/.."
ROOT=$(pwd)
mvn -B -o -q -pl observer-service test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="observer-service/target/test-classes:observer-service/target/classes:$(cat observer-service/target/bench.classpath)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB; load: $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -Xms1g -Xmx2g -XX:+UseParallelGC -Dshared.data.dir="${SHARED_DATA_DIR:-$ROOT/../shared/data}" \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "$CP" io.c2intents.observer.detector.bench.DetectorBenchmark "$@"
