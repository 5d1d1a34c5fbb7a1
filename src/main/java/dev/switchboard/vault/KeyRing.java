package dev.switchboard.vault;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The master key new secrets are sealed with, and older keys still accepted for reading. */
final class KeyRing {

    private final MasterKey current;
    private final Map<String, MasterKey> byId = new LinkedHashMap<>();

    KeyRing(MasterKey current, Collection<MasterKey> previous) {
        this.current = current;
        byId.put(current.id(), current);
        previous.forEach(key -> byId.putIfAbsent(key.id(), key));
    }

    MasterKey current() {
        return current;
    }

    Optional<MasterKey> find(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    List<String> ids() {
        return List.copyOf(byId.keySet());
    }
}
