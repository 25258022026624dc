package io.c2intents.hubble.json;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The key of a flow is its pod end (DESIGN, Topics): checked on both readers with the same lines. */
class FlowKeysTest {

    private static final String POD_A = "{\"namespace\":\"shop\",\"pod_name\":\"web-1\"}";
    private static final String POD_B = "{\"namespace\":\"db\",\"pod_name\":\"pg-0\"}";
    private static final String WORLD = "{\"identity\":2,\"labels\":[\"reserved:world\"]}";
    private static final String HOST = "{\"identity\":1,\"labels\":[\"reserved:host\"]}";

    private static String flow(String source, String destination, String reply) {
        return "{\"flow\":{\"IP\":{\"source\":\"10.0.0.1\",\"destination\":\"10.0.0.2\"},\"source\":" + source
                + ",\"destination\":" + destination + reply + "}}";
    }

    private static String key(String line) {
        String fast = FlowLines.read(line).flow().podKey();
        String proto = FlowKeys.podKey(HubbleJson.parse(line).getFlow());
        assertThat(proto).as("protobuf and fast readers agree on %s", line).isEqualTo(fast);
        return fast;
    }

    @Test
    void aRequestIsKeyedByItsSourcePod() {
        assertThat(key(flow(POD_A, POD_B, ",\"is_reply\":false"))).isEqualTo("shop/web-1");
        assertThat(key(flow(POD_A, WORLD, ""))).as("unknown direction counts as a request").isEqualTo("shop/web-1");
    }

    @Test
    void aReplyIsKeyedByItsDestinationPod() {
        assertThat(key(flow(POD_B, POD_A, ",\"is_reply\":true"))).isEqualTo("shop/web-1");
        assertThat(key(flow(WORLD, POD_A, ",\"is_reply\":true"))).isEqualTo("shop/web-1");
        assertThat(key(flow(POD_B, POD_A, ",\"reply\":true"))).as("deprecated reply flag").isEqualTo("shop/web-1");
    }

    @Test
    void whenOnlyTheOtherEndIsAPodThatPodIsTheKey() {
        assertThat(key(flow(HOST, POD_B, ",\"is_reply\":false"))).isEqualTo("db/pg-0");
        assertThat(key(flow(POD_B, HOST, ",\"is_reply\":true"))).isEqualTo("db/pg-0");
    }

    @Test
    void whenNeitherEndIsAPodTheInitiatingIpIsTheKey() {
        assertThat(key(flow(HOST, WORLD, ",\"is_reply\":false"))).isEqualTo("10.0.0.1");
        assertThat(key(flow(WORLD, HOST, ",\"is_reply\":true"))).isEqualTo("10.0.0.2");
        assertThat(key("{\"flow\":{\"source\":{},\"destination\":{}}}")).isEmpty();
    }
}
