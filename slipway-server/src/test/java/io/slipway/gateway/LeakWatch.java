package io.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test after which Netty's leak detector reports a buffer that was never released. The
 * detector reports only when a collected buffer is noticed at a later allocation, so after each
 * test this leaks a marked canary buffer and collects until the canary is reported: by then any
 * buffer leaked during the test (unreachable since the gateway closed) has been reported too.
 * Register it before the fixture, so it checks after the fixture has closed everything. Reports
 * made while it collects go to the failure message only, not to the console.
 */
final class LeakWatch implements BeforeEachCallback, AfterEachCallback {
    private static final String CANARY = "leak-watch-canary-";
    private static final AtomicInteger canaries = new AtomicInteger();
    private final Logger detectorLog = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
    private final ListAppender<ILoggingEvent> reports = new ListAppender<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        reports.start();
        detectorLog.addAppender(reports);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        String canary = CANARY + canaries.incrementAndGet();
        detectorLog.setAdditive(false); // the canary's report is expected: keep it out of the console
        leak(canary);
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
                System.gc();
                ByteBufAllocator.DEFAULT.buffer(1).release(); // the detector reports at an allocation
                return messages().stream().anyMatch(m -> m.contains(canary));
            });
            assertThat(messages()).as("buffers leaked").allMatch(m -> m.contains(CANARY));
        } finally {
            detectorLog.setAdditive(true);
            detectorLog.detachAppender(reports);
            reports.stop();
        }
    }

    private static void leak(String hint) {
        ByteBuf b = ByteBufAllocator.DEFAULT.buffer(1);
        b.touch(hint);
    }

    private List<String> messages() {
        synchronized (reports) {
            return reports.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
