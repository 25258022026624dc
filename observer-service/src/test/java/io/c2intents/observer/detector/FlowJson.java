package io.c2intents.observer.detector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.c2intents.hubble.json.FlowLines;
import io.c2intents.hubble.json.FlowSummary;

import java.time.Instant;

/**
 * Hubble JSON lines as {@code hubble observe -o json} prints them, for one pod of a test: echo requests to a remote
 * address (world by default), their replies, dropped attempts, or traffic to the host. Parsed back with the same
 * {@link FlowLines} reader the detector uses.
 */
final class FlowJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String namespace;
    private final String pod;
    private String workload;
    private String podIp = "10.244.1.37";
    private String remote = "1.1.1.1";
    private String remoteLabel = "reserved:world";
    private int remoteIdentity = 2;
    private String protocol = "ICMPv4";
    private String verdict = "FORWARDED";
    private boolean reply;
    private boolean inbound;

    private FlowJson(String namespace, String pod) {
        this.namespace = namespace;
        this.pod = pod;
        this.workload = pod.contains("-") ? pod.substring(0, pod.indexOf('-')) : pod;
    }

    static FlowJson from(String namespace, String pod) {
        return new FlowJson(namespace, pod);
    }

    FlowJson workload(String name) {
        workload = name;
        return this;
    }

    FlowJson to(String ip) {
        remote = ip;
        return this;
    }

    /** The remote end is the node the pod runs on, not the world. */
    FlowJson toHost(String ip) {
        remote = ip;
        remoteLabel = "reserved:host";
        remoteIdentity = 1;
        return this;
    }

    FlowJson tcp() {
        protocol = "TCP";
        return this;
    }

    FlowJson dropped() {
        verdict = "DROPPED";
        return this;
    }

    FlowJson forwarded() {
        verdict = "FORWARDED";
        return this;
    }

    /** The echo reply to the pod's request. */
    FlowJson reply() {
        reply = true;
        return this;
    }

    FlowJson request() {
        reply = false;
        return this;
    }

    /** A request from the remote end to the pod (ingress). */
    FlowJson inbound() {
        inbound = true;
        return this;
    }

    String key() {
        return namespace + "/" + pod;
    }

    String json(Instant time) {
        ObjectNode flow = MAPPER.createObjectNode();
        flow.put("time", time.toString());
        flow.put("verdict", verdict);
        if (verdict.equals("DROPPED")) {
            flow.put("drop_reason_desc", "POLICY_DENIED");
        }
        boolean podIsSource = reply == inbound;
        ObjectNode ip = flow.putObject("IP");
        ip.put("source", podIsSource ? podIp : remote);
        ip.put("destination", podIsSource ? remote : podIp);
        ip.put("ipVersion", "IPv4");
        ObjectNode l4 = flow.putObject("l4");
        if (protocol.equals("TCP")) {
            ObjectNode tcp = l4.putObject("TCP");
            tcp.put("source_port", podIsSource ? 40312 : 443);
            tcp.put("destination_port", podIsSource ? 443 : 40312);
        } else {
            ObjectNode icmp = l4.putObject("ICMPv4");
            if (!reply) {
                icmp.put("type", 8);
            }
        }
        ObjectNode podEnd = MAPPER.createObjectNode();
        podEnd.put("ID", 1234);
        podEnd.put("identity", 31337);
        podEnd.put("namespace", namespace);
        ArrayNode labels = podEnd.putArray("labels");
        labels.add("k8s:app=" + workload);
        labels.add("k8s:io.cilium.k8s.policy.cluster=default");
        labels.add("k8s:io.kubernetes.pod.namespace=" + namespace);
        podEnd.put("pod_name", pod);
        ObjectNode owner = podEnd.putArray("workloads").addObject();
        owner.put("name", workload);
        owner.put("kind", "Deployment");
        ObjectNode remoteEnd = MAPPER.createObjectNode();
        remoteEnd.put("identity", remoteIdentity);
        remoteEnd.putArray("labels").add(remoteLabel);
        flow.set("source", podIsSource ? podEnd : remoteEnd);
        flow.set("destination", podIsSource ? remoteEnd : podEnd);
        flow.put("Type", "L3_L4");
        flow.put("node_name", "lab-worker-1");
        flow.put("traffic_direction", inbound ? "INGRESS" : "EGRESS");
        flow.put("is_reply", reply);
        flow.put("Summary", protocol.equals("TCP") ? "TCP Flags: SYN" : reply ? "ICMPv4 EchoReply"
                : "ICMPv4 EchoRequest");
        ObjectNode line = MAPPER.createObjectNode();
        line.set("flow", flow);
        line.put("node_name", "lab-worker-1");
        line.put("time", time.toString());
        return line.toString();
    }

    FlowSummary summary(Instant time) {
        return FlowLines.read(json(time)).flow();
    }
}
