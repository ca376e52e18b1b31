package io.slipway.config;

import io.netty.util.NetUtil;
import java.util.Arrays;

/**
 * An IP address block such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a block of
 * one. Only literal addresses: a host name here would need a DNS lookup at every config load.
 */
public final class Cidr {
    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** Parses {@code address} or {@code address/prefix}; throws naming what is wrong. */
    public static Cidr parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        byte[] address = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? s : s.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("is not an IP address or CIDR block (e.g. 10.0.0.0/8 or 192.168.1.10)");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("has a prefix length outside 0.." + bits);
            }
        }
        return new Cidr(mask(address, prefix), prefix, s);
    }

    /** Whether {@code address} (4 or 16 bytes) lies in this block; an IPv4 block never holds an IPv6 address. */
    public boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(mask(address, prefix), network);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] m = address.clone();
        for (int i = 0; i < m.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            m[i] &= (byte) (0xff << (8 - keep));
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && prefix == c.prefix && Arrays.equals(network, c.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        return text;
    }
}
