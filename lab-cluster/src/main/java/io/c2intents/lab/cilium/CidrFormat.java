package io.c2intents.lab.cilium;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Format;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** The {@code cidr} format as the API server checks it: an IPv4 or IPv6 prefix like {@code 10.0.0.0/8}. */
final class CidrFormat implements Format {

    private static final Pattern IPV4 = Pattern.compile(
            "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
    private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9a-fA-F:.]+$");

    @Override
    public String getName() {
        return "cidr";
    }

    @Override
    public String getMessageKey() {
        return "format";
    }

    @Override
    public boolean matches(ExecutionContext executionContext, String value) {
        return isCidr(value);
    }

    static boolean isCidr(String value) {
        int slash = value.indexOf('/');
        if (slash < 0 || slash != value.lastIndexOf('/')) {
            return false;
        }
        String address = value.substring(0, slash);
        String prefix = value.substring(slash + 1);
        if (!prefix.matches("\\d{1,3}") || (prefix.length() > 1 && prefix.startsWith("0"))) {
            return false;
        }
        int bits = Integer.parseInt(prefix);
        if (IPV4.matcher(address).matches()) {
            return bits <= 32;
        }
        if (address.contains(":") && IPV6_CHARS.matcher(address).matches()) {
            try {
                // a literal with ':' is parsed, never looked up
                InetAddress.getByName(address);
                return bits <= 128;
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}
