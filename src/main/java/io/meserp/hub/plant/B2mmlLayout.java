package io.meserp.hub.plant;

import java.util.List;
import java.util.Map;

/** Which B2MML namespaces a plant may send, and how its unit codes map to UN/ECE codes. */
public record B2mmlLayout(List<String> namespaces, Map<String, String> units) {
}
