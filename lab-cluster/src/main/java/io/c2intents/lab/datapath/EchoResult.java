package io.c2intents.lab.datapath;

import java.time.Duration;

/**
 * What became of one echo request: whether it was forwarded, and if so when and how its reply comes back.
 *
 * @param forwarded false when policy dropped the request (no reply will come)
 * @param rtt the round trip time of the reply
 * @param ttl the TTL the reply arrives with (what ping prints)
 * @param deliverReply emits the reply's flows, stamped request time + rtt; the caller runs it at that lab time
 */
public record EchoResult(boolean forwarded, Duration rtt, int ttl, Runnable deliverReply) {

    static EchoResult dropped() {
        return new EchoResult(false, Duration.ZERO, 0, () -> { });
    }
}
