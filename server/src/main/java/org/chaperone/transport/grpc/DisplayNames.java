package org.chaperone.transport.grpc;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Duration;
import org.chaperone.domain.Person;
import org.chaperone.store.StoreReader;

/**
 * Display names for people named in responses, from a short-lived cache: a read model only (a
 * renamed person shows the new name within a minute), never used for any access decision.
 */
final class DisplayNames {
  private final LoadingCache<String, String> names;

  DisplayNames(StoreReader reader) {
    this.names = Caffeine.newBuilder()
        .maximumSize(100_000)
        .expireAfterWrite(Duration.ofMinutes(1))
        .build(id -> reader.person(id).map(Person::displayName).orElse(id));
  }

  String of(String personId) {
    return names.get(personId);
  }
}
