package io.slipway.gateway;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import io.slipway.config.Cidr;
import java.util.List;

/**
 * Who the client is when load balancers stand in front of the gateway ({@code trustedProxies}):
 * on a connection from a trusted proxy, the rightmost X-Forwarded-For entry that is not itself a
 * trusted proxy (as nginx's {@code real_ip_recursive on}); entries left of it could have been
 * written by anyone. Without trusted proxies, or from any other peer, it is the peer.
 */
final class ClientAddress {
    private ClientAddress() {
    }

    /** The client's address for stickiness and logs; {@code peer} is the connection's remote address. */
    static String of(String peer, HttpHeaders headers, List<Cidr> trusted) {
        if (trusted.isEmpty() || !isTrusted(peer, trusted) || !headers.contains(ProxyHeaders.X_FORWARDED_FOR)) {
            return peer;
        }
        String client = peer;
        List<String> values = headers.getAll(ProxyHeaders.X_FORWARDED_FOR);
        for (int v = values.size() - 1; v >= 0; v--) {
            String[] hops = values.get(v).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].strip();
                if (hop.isEmpty()) {
                    continue;
                }
                client = hop;
                if (!isTrusted(hop, trusted)) {
                    return hop;
                }
            }
        }
        return client; // every entry was a trusted proxy: the leftmost is as close to the client as known
    }

    private static boolean isTrusted(String address, List<Cidr> trusted) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            return false; // not an address (a name, "unknown", garbage): never a proxy of ours
        }
        for (Cidr c : trusted) {
            if (c.contains(bytes)) {
                return true;
            }
        }
        return false;
    }
}
