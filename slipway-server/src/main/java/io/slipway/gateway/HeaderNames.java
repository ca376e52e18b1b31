package io.slipway.gateway;

import io.netty.handler.codec.DefaultHeaders.NameValidator;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeadersFactory;

/**
 * The headers of proxied messages: every name a client or upstream sends is checked as Netty checks it
 * (an HTTP token, else the message is refused), but the names the gateway sets itself on every message
 * ({@link ProxyHeaders}) are constants, valid by construction, and skip the check. Netty checks a name on
 * each {@code set}; for these few constants that was 2–3 % of the gateway's CPU per request (profile in
 * docs/performance.md). They are recognised by identity, so a client's header spelled the same is
 * still checked.
 */
final class HeaderNames {
    private static final NameValidator<CharSequence> NETTY = DefaultHttpHeadersFactory.headersFactory()
            .getNameValidator();

    /** Headers of proxied requests and responses. */
    static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory()
            .withNameValidator(HeaderNames::validate);

    private HeaderNames() {
    }

    private static void validate(CharSequence name) {
        if (name != ProxyHeaders.X_FORWARDED_FOR && name != ProxyHeaders.X_FORWARDED_PROTO
                && name != ProxyHeaders.X_FORWARDED_HOST && name != ProxyHeaders.X_REQUEST_ID
                && name != HttpHeaderNames.CONNECTION && name != HttpHeaderNames.TRANSFER_ENCODING) {
            NETTY.validateName(name);
        }
    }
}
