package org.chaperone.delivery;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.chaperone.domain.DeliveryKind;
import org.chaperone.domain.Message;
import org.chaperone.store.StoreReader;

/**
 * Tells open subscriptions about commits. The store stays the source of truth: a subscription
 * reads from it whenever it might have missed something, and takes a committed delivery straight
 * from the hub only while it holds every delivery since its last read (see
 * {@link InboxSubscription}). Local commits are announced with their message, in commit order
 * (they are announced from the store's single writer thread after each commit); anything else —
 * another process's import, another node's send — is announced as a bare "look again".
 *
 * <p>Thread-safe.
 */
public final class DeliveryHub {
  /** What a subscription hears. */
  public interface Listener {
    /** {@code delivery} was committed for the listener's person; calls arrive in commit order. */
    void delivered(StoreReader.Delivery delivery);

    /** Something may have been committed for the person that was not announced: read the store. */
    void lookAgain();
  }

  private final ConcurrentHashMap<String, Set<Listener>> listeners = new ConcurrentHashMap<>();

  /** Registers {@code listener} for {@code personId} until the returned handle is closed. */
  public AutoCloseable listen(String personId, Listener listener) {
    listeners.computeIfAbsent(personId, k -> ConcurrentHashMap.newKeySet()).add(listener);
    return () -> listeners.computeIfPresent(personId, (k, set) -> {
      set.remove(listener);
      return set.isEmpty() ? null : set;
    });
  }

  /** A message was committed for {@code recipients} at inbox position {@code deliveryId}. */
  public void committed(Message message, long deliveryId, Collection<String> recipients) {
    committed(message, deliveryId, recipients, DeliveryKind.CREATED);
  }

  /**
   * A delivery of {@code kind} (a message, its edit or its retraction) was committed for
   * {@code recipients} at inbox position {@code deliveryId}.
   */
  public void committed(Message message, long deliveryId, Collection<String> recipients,
      DeliveryKind kind) {
    StoreReader.Delivery delivery = new StoreReader.Delivery(deliveryId, message, kind);
    for (String personId : recipients) {
      Set<Listener> set = listeners.get(personId);
      if (set != null) {
        set.forEach(l -> l.delivered(delivery));
      }
    }
  }

  /** Something unannounced may have been committed for {@code personIds}. */
  public void changed(Collection<String> personIds) {
    for (String personId : personIds) {
      Set<Listener> set = listeners.get(personId);
      if (set != null) {
        set.forEach(Listener::lookAgain);
      }
    }
  }
}
