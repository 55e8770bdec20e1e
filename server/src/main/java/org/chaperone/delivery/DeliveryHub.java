package org.chaperone.delivery;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes open subscriptions after a commit. It carries no messages: a woken subscription reads what
 * is new from the store, from its own cursor. That keeps delivery gap-free and in order (the store
 * is the only source), lets a slow reader fall behind without holding anything in memory, and lets
 * other gateway nodes wake their subscribers with the same one-word signal.
 *
 * <p>Thread-safe.
 */
public final class DeliveryHub {
  private final ConcurrentHashMap<String, Set<Runnable>> listeners = new ConcurrentHashMap<>();

  /** Calls {@code wake} whenever something is committed for {@code personId}, until closed. */
  public AutoCloseable listen(String personId, Runnable wake) {
    listeners.computeIfAbsent(personId, k -> ConcurrentHashMap.newKeySet()).add(wake);
    return () -> listeners.computeIfPresent(personId, (k, set) -> {
      set.remove(wake);
      return set.isEmpty() ? null : set;
    });
  }

  /** Signals that something new was committed for each of {@code personIds}. */
  public void committed(Collection<String> personIds) {
    for (String personId : personIds) {
      Set<Runnable> wakes = listeners.get(personId);
      if (wakes != null) {
        wakes.forEach(Runnable::run);
      }
    }
  }

  /** Number of people with at least one open subscription. */
  public int listeningPeople() {
    return listeners.size();
  }
}
