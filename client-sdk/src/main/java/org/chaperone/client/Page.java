package org.chaperone.client;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;

/**
 * One page of a list call: its items and the token of the next page.
 *
 * <p>Immutable and thread-safe; {@link #nextPage()} makes a call each time it is invoked.
 *
 * @param <T> the item type, a generated API type such as {@code Channel}
 */
public final class Page<T> {
  private final List<T> items;
  private final String nextPageToken;
  private final Function<String, Page<T>> fetch;

  Page(List<T> items, String nextPageToken, Function<String, Page<T>> fetch) {
    this.items = List.copyOf(items);
    this.nextPageToken = Objects.requireNonNull(nextPageToken, "nextPageToken");
    this.fetch = fetch;
  }

  /**
   * The items of this page, in the order the gateway returned them.
   *
   * @return an unmodifiable list, possibly empty
   */
  public List<T> items() {
    return items;
  }

  /**
   * The opaque token of the next page, to continue the listing later with the same request; empty
   * on the last page.
   *
   * @return the token, or an empty string
   */
  public String nextPageToken() {
    return nextPageToken;
  }

  /**
   * Whether another page follows.
   *
   * @return true unless this is the last page
   */
  public boolean hasNextPage() {
    return !nextPageToken.isEmpty();
  }

  /**
   * Fetches the next page.
   *
   * @return the next page
   * @throws NoSuchElementException on the last page
   * @throws ChaperoneException when the call fails
   */
  public Page<T> nextPage() {
    if (!hasNextPage()) {
      throw new NoSuchElementException("this is the last page");
    }
    return fetch.apply(nextPageToken);
  }
}
