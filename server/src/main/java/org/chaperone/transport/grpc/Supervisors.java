package org.chaperone.transport.grpc;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Duration;
import java.util.List;
import org.chaperone.domain.ChannelMember;
import org.chaperone.store.StoreReader;

/**
 * The supervisors of each channel, shown on every message as "also visible to" so that no
 * participant can believe a conversation is private. A display read model with a short lifetime;
 * delivery and access decisions never use it.
 */
final class Supervisors {
  private final LoadingCache<String, List<String>> byChannel;

  Supervisors(StoreReader reader) {
    this.byChannel = Caffeine.newBuilder()
        .maximumSize(50_000)
        .expireAfterWrite(Duration.ofSeconds(5))
        .build(channelId -> reader.members(channelId, "", Integer.MAX_VALUE).stream()
            .filter(m -> m.role().isSupervisor())
            .map(ChannelMember::personId)
            .toList());
  }

  List<String> of(String channelId) {
    return byChannel.get(channelId);
  }
}
