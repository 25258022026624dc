package io.c2intents.orchestrator.rest;

/** Example payloads for the OpenAPI document (Swagger UI shows them next to each operation). */
public final class Examples {

    public static final String ACCEPTED = """
            {"commandId":"cmd-5f0c1e9a-3b7d-4c2e-9a61-2d8f4b7e1c03",\
            "follow":"/api/commands/cmd-5f0c1e9a-3b7d-4c2e-9a61-2d8f4b7e1c03",\
            "ids":["cmd-5f0c1e9a-3b7d-4c2e-9a61-2d8f4b7e1c03"],"message":"deploy sent to the attack simulator"}""";

    public static final String SETUP_ACCEPTED = """
            {"commandId":"cmd-9b1d7a2e-4c3f-4e8a-b6d5-1f2e3d4c5b6a",\
            "follow":"/api/commands/cmd-9b1d7a2e-4c3f-4e8a-b6d5-1f2e3d4c5b6a",\
            "ids":["cmd-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","cmd-9b1d7a2e-4c3f-4e8a-b6d5-1f2e3d4c5b6a"],\
            "message":"reset sent; deploy follows once the reset is done"}""";

    public static final String INFECT = """
            {"pod":"target-7c9d8f6b5-x2k4q","c2Address":"1.1.1.1","schedule":"* * * * *"}""";

    public static final String COMMAND = """
            {"commandId":"cmd-5f0c1e9a-3b7d-4c2e-9a61-2d8f4b7e1c03","type":"infect","state":"done",\
            "issuedAt":"2026-03-14T09:20:31.877Z","endedAt":"2026-03-14T09:20:32.604Z",\
            "message":"infected c2-lab/target-7c9d8f6b5-x2k4q: its crond pings 1.1.1.1 on schedule '* * * * *'",\
            "details":{"pod":"target-7c9d8f6b5-x2k4q","node":"lab-worker-1","c2Address":"1.1.1.1"}}""";

    public static final String PODS = """
            [{"namespace":"c2-lab","name":"target-7c9d8f6b5-x2k4q","phase":"Running","node":"lab-worker-1",\
            "ip":"10.244.1.37","labels":{"app":"target","pod-template-hash":"7c9d8f6b5"},\
            "owner":"Deployment/target","infected":true,"quarantined":true,"evicted":false,\
            "incidentId":"inc-c2-lab-target-7c9d8f6b5-x2k4q-1"}]""";

    public static final String NODES = """
            [{"name":"lab-worker-1","ready":true,"cordoned":false,"internalIp":"172.18.0.3","pods":5,\
            "infected":true,"infectedPods":["c2-lab/target-7c9d8f6b5-x2k4q"]}]""";

    public static final String DEPLOYMENTS = """
            [{"namespace":"c2-lab","name":"target","replicas":4,"readyReplicas":4,"selector":{"app":"target"},\
            "infected":true,"infectedPods":["c2-lab/target-7c9d8f6b5-x2k4q"]}]""";

    public static final String LOGS = """
            PING 1.1.1.1 (1.1.1.1): 56 data bytes
            64 bytes from 1.1.1.1: seq=0 ttl=57 time=11.902 ms
            """;

    public static final String FLOW = """
            {"seq":4711,"key":"c2-lab/target-7c9d8f6b5-x2k4q","time":"2026-03-14T09:21:00.118Z",\
            "verdict":"DROPPED","dropReason":"POLICY_DENIED","protocol":"ICMPv4",\
            "source":{"ip":"10.244.1.37","namespace":"c2-lab","pod":"target-7c9d8f6b5-x2k4q",\
            "labels":{"app":"target"}},"destination":{"ip":"1.1.1.1","labels":{"reserved:world":""}},\
            "node":"lab-worker-1","reply":false,"summary":"ICMPv4 EchoRequest","sourceInfected":true,\
            "destinationInfected":false}""";

    public static final String FLOWS = "[" + FLOW + "]";

    public static final String ALERT_ENTRY = """
            {"alert":{"schemaVersion":1,"id":"c2-lab/target-7c9d8f6b5-x2k4q/1.1.1.1/indicator","revision":2,\
            "detectedAt":"2026-03-14T09:21:00.412Z","pod":{"namespace":"c2-lab","name":"target-7c9d8f6b5-x2k4q",\
            "labels":{"app":"target"},"node":"lab-worker-1","ip":"10.244.1.37",\
            "owner":{"kind":"Deployment","name":"target"}},"destination":"1.1.1.1","protocol":"ICMPv4",\
            "attackTechnique":"T1095","detector":"indicator","score":0.95,"firstSeen":"2026-03-14T09:21:00.118Z",\
            "lastSeen":"2026-03-14T09:21:04.137Z","count":10,\
            "reason":"pod c2-lab/target-7c9d8f6b5-x2k4q sent ICMPv4 echo requests to 1.1.1.1, a listed C2 indicator"},\
            "incidentId":"inc-c2-lab-target-7c9d8f6b5-x2k4q-1","open":true}""";

    public static final String ALERTS = "[" + ALERT_ENTRY + "]";

    public static final String INCIDENT = """
            {"id":"inc-c2-lab-target-7c9d8f6b5-x2k4q-1","aliases":[],"pod":"c2-lab/target-7c9d8f6b5-x2k4q",\
            "namespace":"c2-lab","podName":"target-7c9d8f6b5-x2k4q","node":"lab-worker-1",\
            "workload":"Deployment/target","status":"CONTAINED","quarantined":true,"evicted":false,\
            "destinations":["1.1.1.1"],"alertCount":1,"openedAt":"2026-03-14T09:21:00.412Z",\
            "updatedAt":"2026-03-14T09:21:00.574Z","timeline":[\
            {"at":"2026-03-14T09:21:00.412Z","kind":"alert","status":"indicator","target":"pod c2-lab/target-7c9d8f6b5-x2k4q",\
            "summary":"pod c2-lab/target-7c9d8f6b5-x2k4q sent ICMPv4 echo requests to 1.1.1.1, a listed C2 indicator",\
            "ref":"c2-lab/target-7c9d8f6b5-x2k4q/1.1.1.1/indicator","dryRun":false},\
            {"at":"2026-03-14T09:21:00.574Z","kind":"mitigation","status":"APPLIED","technique":"D3-NTF",\
            "action":"cilium:quarantine","target":"pod c2-lab/target-7c9d8f6b5-x2k4q",\
            "summary":"all ingress and egress of the pod denied until eradication is verified",\
            "ref":"evt-2b7f0c4e-91d3-4a6e-8f25-c3d1e07a9b44","dryRun":false}]}""";

    public static final String INCIDENTS = "[" + INCIDENT + "]";

    public static final String INTENT = """
            {"schemaVersion":1,"name":"contain-and-eradicate-c2",\
            "description":"Quarantine pods seen talking to C2, evict the cron entry, terminate if C2 comes back",\
            "trigger":{"detectors":[],"minScore":0.5,"attackTechniques":["T1095"]},\
            "scope":{"namespaces":[],"selector":{},"excludedNamespaces":["kube-system"]},\
            "goal":"contain-and-eradicate","techniques":["D3-NTF","D3-FEV","D3-PT"],"mode":"automatic",\
            "verificationWindow":"PT2M","rateLimitPerMinute":60,"parameters":{}}""";

    public static final String INTENTS = "[" + INTENT + "]";

    public static final String INTENT_ACCEPTED = """
            {"commandId":"contain-and-eradicate-c2","follow":"/api/intents/contain-and-eradicate-c2",\
            "ids":["contain-and-eradicate-c2"],"message":"intent contain-and-eradicate-c2 written to security-intents"}""";

    public static final String INTENT_BUTTON = """
            {"technique":"D3-NTF","mode":"apply"}""";

    public static final String BUTTON_ACCEPTED = """
            {"commandId":"req-8d3e5a10-6c2f-4b9e-a7d1-0e4c9b2f7a55","follow":"/api/incidents",\
            "ids":["req-8d3e5a10-6c2f-4b9e-a7d1-0e4c9b2f7a55"],\
            "message":"D3-NTF (Network Traffic Filtering) requested for 1 target(s): POD c2-lab/target-7c9d8f6b5-x2k4q"}""";

    public static final String MANUAL = """
            {"technique":"D3-NTF","target":{"kind":"pod","namespace":"c2-lab","name":"target-7c9d8f6b5-x2k4q"},\
            "mode":"apply"}""";

    public static final String MITIGATION_ACCEPTED = """
            {"commandId":"req-8d3e5a10-6c2f-4b9e-a7d1-0e4c9b2f7a55",\
            "follow":"/api/incidents/inc-c2-lab-target-7c9d8f6b5-x2k4q-1",\
            "ids":["req-8d3e5a10-6c2f-4b9e-a7d1-0e4c9b2f7a55"],\
            "message":"cilium:quarantine requested for pod c2-lab/target-7c9d8f6b5-x2k4q"}""";

    public static final String MITIGATION = """
            {"id":"evt-2b7f0c4e-91d3-4a6e-8f25-c3d1e07a9b44","requestId":"c2-lab/target-7c9d8f6b5-x2k4q/1.1.1.1/indicator",\
            "incidentId":"inc-c2-lab-target-7c9d8f6b5-x2k4q-1","pod":"c2-lab/target-7c9d8f6b5-x2k4q",\
            "action":"cilium:quarantine","technique":"D3-NTF",\
            "target":{"kind":"pod","namespace":"c2-lab","name":"target-7c9d8f6b5-x2k4q"},\
            "intent":"contain-and-eradicate-c2","status":"APPLIED","dryRun":false,\
            "updatedAt":"2026-03-14T09:21:00.574Z","eventIds":["evt-2b7f0c4e-91d3-4a6e-8f25-c3d1e07a9b44"],\
            "reason":"quarantined c2-lab/target-7c9d8f6b5-x2k4q: all egress denied"}""";

    public static final String MITIGATIONS = "[" + MITIGATION + "]";

    public static final String BAD_REQUEST = """
            {"type":"https://c2intents.io/problems/invalid-request","title":"Invalid request","status":400,\
            "detail":"namespace: 'C2_Lab' is not a DNS-1123 label","instance":"/api/cluster/pods",\
            "errors":[{"field":"namespace","message":"'C2_Lab' is not a DNS-1123 label"}]}""";

    public static final String KAFKA_UNAVAILABLE = """
            {"type":"https://c2intents.io/problems/kafka-unavailable","title":"Kafka unreachable","status":503,\
            "detail":"Kafka (kafka.bootstrap.servers=localhost:9092) did not take the record for simulator-commands \
            within 5s; the command is dropped, not queued: check that the broker is running and reachable, then retry",\
            "instance":"/api/experiment/deploy"}""";

    public static final String TOO_LARGE = """
            {"type":"https://c2intents.io/problems/payload-too-large","title":"Payload too large","status":413,\
            "detail":"the request body is 1100000 bytes; at most 262144 bytes (256 KiB) are accepted. Send a smaller \
            body: a command, intent or mitigation is a few KiB","instance":"/api/intents/contain-and-eradicate-c2"}""";

    public static final String UNAUTHORIZED = """
            {"type":"https://c2intents.io/problems/unauthorized","title":"Unauthorized","status":401,\
            "detail":"this call needs 'Authorization: Bearer <token>'","instance":"/api/experiment/deploy"}""";

    public static final String NOT_FOUND = """
            {"type":"https://c2intents.io/problems/not-found","title":"Not found","status":404,\
            "detail":"no incident inc-c2-lab-nothing-1","instance":"/api/incidents/inc-c2-lab-nothing-1"}""";

    public static final String CONFLICT = """
            {"type":"https://c2intents.io/problems/conflict","title":"Conflict","status":409,\
            "detail":"no infected pods: no incident is open, so D3-PT has no target",\
            "instance":"/api/mitigations/infected"}""";

    private Examples() {
    }
}
