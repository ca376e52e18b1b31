package io.slipway.gateway;

import java.util.List;

/** A named group of instances of one version ("stable", "candidate", "previous") with a traffic weight. */
public record Slot(String name, String version, List<Upstream> upstreams, int weight) {
}
