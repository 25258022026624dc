package io.c2intents.observer.detector;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a bare address is its own /32 or /128.
 * Addresses are held as two longs so matching needs neither {@link InetAddress} nor allocation; IPv4 lives in the low
 * 32 bits of {@code lo}. Parsing never resolves names: only literals are accepted.
 *
 * @param v6     IPv6 (else IPv4)
 * @param hi     high 64 bits of the network address (IPv6 only)
 * @param lo     low 64 bits (IPv4: the address)
 * @param prefix prefix length
 */
public record Cidr(boolean v6, long hi, long lo, int prefix) {

    /** Parses {@code address[/prefix]}; host bits must be zero, as any CIDR tool requires. */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty address");
        }
        String s = text.trim();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        long v4 = parseIpv4(address);
        boolean v6 = v4 < 0;
        long hi = 0;
        long lo = v4;
        if (v6) {
            long[] words = parseIpv6(address);
            if (words == null) {
                throw new IllegalArgumentException("'" + s + "' is not an IPv4 or IPv6 address or CIDR");
            }
            hi = words[0];
            lo = words[1];
        }
        int max = v6 ? 128 : 32;
        int prefix = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("'" + s + "' has an invalid prefix length '" + p + "'");
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                throw new IllegalArgumentException("'" + s + "' has a prefix length above " + max);
            }
        }
        Cidr cidr = new Cidr(v6, hi, lo, prefix);
        if (cidr.maskHi(hi) != hi || cidr.maskLo(lo) != lo) {
            throw new IllegalArgumentException("'" + s + "' has host bits set; the network is "
                    + new Cidr(v6, cidr.maskHi(hi), cidr.maskLo(lo), prefix));
        }
        return cidr;
    }

    /** Whether the literal IP (no prefix) lies in this network; false for anything that is not an address. */
    public boolean contains(String ip) {
        if (!v6) {
            long v4 = parseIpv4(ip);
            return v4 >= 0 && maskLo(v4) == lo;
        }
        if (ip.indexOf(':') < 0) {
            return false;
        }
        long[] words = parseIpv6(ip);
        return words != null && maskHi(words[0]) == hi && maskLo(words[1]) == lo;
    }

    /** A single address rather than a network. */
    public boolean isHost() {
        return prefix == (v6 ? 128 : 32);
    }

    long maskHi(long value) {
        if (!v6) {
            return 0;
        }
        int bits = Math.min(prefix, 64);
        return bits == 0 ? 0 : value & (-1L << (64 - bits));
    }

    long maskLo(long value) {
        if (!v6) {
            return prefix == 0 ? 0 : value & ((0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL);
        }
        int bits = Math.max(prefix - 64, 0);
        return bits == 0 ? 0 : value & (-1L << (64 - bits));
    }

    /**
     * The address as a number (IPv4), or -1 when the text is not a dotted quad. Written by hand because the detector
     * parses one per flow.
     */
    static long parseIpv4(String s) {
        int n = s.length();
        if (n < 7 || n > 15) {
            return -1;
        }
        long result = 0;
        int octets = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= n; i++) {
            char c = i == n ? '.' : s.charAt(i);
            if (c == '.') {
                if (value < 0 || value > 255) {
                    return -1;
                }
                result = (result << 8) | value;
                octets++;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits == 3 || (digits > 0 && value == 0)) {
                    return -1;
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                digits++;
            } else {
                return -1;
            }
        }
        return octets == 4 ? result : -1;
    }

    /** The two 64-bit halves of an IPv6 literal, or null when it is not one (names are never looked up). */
    static long[] parseIpv6(String s) {
        if (s.indexOf(':') < 0 || s.length() > 45) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
                    || (c >= 'A' && c <= 'F');
            if (!ok) {
                return null;
            }
        }
        try {
            // A string with a colon is parsed as an IPv6 literal, never resolved.
            InetAddress address = InetAddress.getByName(s);
            byte[] b = address.getAddress();
            if (!(address instanceof Inet6Address) && b.length == 4) {
                // ::ffff:a.b.c.d comes back as IPv4; keep it in IPv6 space
                b = new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, b[0], b[1], b[2], b[3]};
            }
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (b[i] & 0xFF);
                lo = (lo << 8) | (b[i + 8] & 0xFF);
            }
            return new long[]{hi, lo};
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        if (!v6) {
            return ((lo >> 24) & 0xFF) + "." + ((lo >> 16) & 0xFF) + "." + ((lo >> 8) & 0xFF) + "." + (lo & 0xFF)
                    + (isHost() ? "" : "/" + prefix);
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[i + 8] = (byte) (lo >>> (56 - 8 * i));
        }
        try {
            String text = InetAddress.getByAddress(b).getHostAddress();
            return text + (isHost() ? "" : "/" + prefix);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
