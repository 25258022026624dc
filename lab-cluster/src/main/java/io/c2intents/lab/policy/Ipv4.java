package io.c2intents.lab.policy;

import java.util.Optional;

/**
 * IPv4 addresses as ints and CIDR blocks, the only address family the lab's datapath carries. Parsing is strict
 * (four decimal octets, prefix 0..32): a policy CIDR that is not IPv4 simply never matches a lab packet.
 */
public final class Ipv4 {

    private Ipv4() {
    }

    /** An IPv4 block. */
    public record Cidr(int network, int prefix) {

        /** Whether {@code ip} lies in the block. */
        public boolean contains(int ip) {
            return prefix == 0 || ((ip ^ network) & mask(prefix)) == 0;
        }

        /** Whether every address of {@code other} lies in this block. */
        public boolean covers(Cidr other) {
            return other.prefix >= prefix && contains(other.network);
        }

        @Override
        public String toString() {
            return format(network) + "/" + prefix;
        }
    }

    /** The address as an int, or empty when {@code text} is not a dotted-quad IPv4 address. */
    public static Optional<Integer> parse(String text) {
        long value = parseToLong(text);
        return value < 0 ? Optional.empty() : Optional.of((int) value);
    }

    /** The address as an unsigned int in a long, or -1 when {@code text} is not a dotted-quad address (no garbage). */
    public static long parseToLong(String text) {
        if (text == null) {
            return -1;
        }
        int length = text.length();
        if (length < 7 || length > 15) {
            return -1;
        }
        long value = 0;
        int octets = 0;
        int octet = 0;
        int digits = 0;
        for (int i = 0; i <= length; i++) {
            char c = i == length ? '.' : text.charAt(i);
            if (c == '.') {
                if (digits == 0 || octet > 255) {
                    return -1;
                }
                value = (value << 8) | octet;
                octets++;
                octet = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                octet = octet * 10 + (c - '0');
                digits++;
            } else {
                return -1;
            }
        }
        return octets == 4 ? value : -1;
    }

    /** The address as an int; the caller knows it is valid (the lab's own pod and node IPs). */
    public static int parseOrThrow(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not an IPv4 address: " + text));
    }

    /**
     * A CIDR ({@code 1.1.1.1/32}) or a bare address (taken as /32, as Cilium's {@code toCIDR} accepts); empty for
     * IPv6 or anything malformed.
     */
    public static Optional<Cidr> parseCidr(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        Optional<Integer> ip = parse(address);
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        int prefix = 32;
        if (slash >= 0) {
            String bits = trimmed.substring(slash + 1);
            if (bits.isEmpty() || bits.length() > 2 || !Character.isDigit(bits.charAt(0))
                    || !Character.isDigit(bits.charAt(bits.length() - 1))) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(bits);
            if (prefix > 32) {
                return Optional.empty();
            }
        }
        return Optional.of(new Cidr(ip.get() & mask(prefix), prefix));
    }

    /** Dotted-quad text of an address. */
    public static String format(int ip) {
        return ((ip >>> 24) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }
}
