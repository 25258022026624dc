package io.c2intents.observer.source;

import com.google.protobuf.BoolValue;
import io.c2intents.hubble.flow.Endpoint;
import io.c2intents.hubble.flow.Flow;
import io.c2intents.hubble.flow.FlowType;
import io.c2intents.hubble.flow.ICMPv4;
import io.c2intents.hubble.flow.IP;
import io.c2intents.hubble.flow.IPVersion;
import io.c2intents.hubble.flow.Layer4;
import io.c2intents.hubble.flow.TrafficDirection;
import io.c2intents.hubble.flow.Verdict;
import io.c2intents.hubble.json.HubbleTime;

import java.time.Instant;
import java.util.UUID;

/** Echo requests from a pod of this test run to 1.1.1.1, distinct by pod name and uuid. */
final class TestFlows {

    final String run = UUID.randomUUID().toString().substring(0, 8);
    private final long start = HubbleTime.toNanos(Instant.now());
    private int next;

    String pod(int i) {
        return "target-" + run + "-" + i;
    }

    String key(int i) {
        return "c2-lab/" + pod(i);
    }

    Flow flow(int i) {
        return Flow.newBuilder()
                .setTime(HubbleTime.toTimestamp(start + (next++) * 1_000_000_000L))
                .setUuid(UUID.randomUUID().toString())
                .setVerdict(Verdict.FORWARDED)
                .setIP(IP.newBuilder().setSource("10.0.1." + (i % 250)).setDestination("1.1.1.1")
                        .setIpVersion(IPVersion.IPv4))
                .setL4(Layer4.newBuilder().setICMPv4(ICMPv4.newBuilder().setType(8)))
                .setSource(Endpoint.newBuilder().setNamespace("c2-lab").setPodName(pod(i)).addLabels("k8s:app=target"))
                .setDestination(Endpoint.newBuilder().setIdentity(2).addLabels("reserved:world"))
                .setType(FlowType.L3_L4).setNodeName("node-" + run).setTrafficDirection(TrafficDirection.EGRESS)
                .setIsReply(BoolValue.of(false)).setSummary("ICMPv4 EchoRequest")
                .build();
    }
}
