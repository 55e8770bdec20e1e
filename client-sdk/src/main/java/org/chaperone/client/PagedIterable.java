package org.chaperone.client;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The result of a list call: the first page, fetched when the call was made, and lazy iteration
 * over the rest. Iterating follows {@code next_page_token} one call at a time, only as far as the
 * caller reads; a failing call surfaces as a {@link ChaperoneException} from the iterator.
 *
 * <pre>{@code
 * for (Channel channel : client.listChannels().iterateAll()) {
 *   System.out.println(channel.getDisplayName());
 * }
 * }</pre>
 *
 * <p>Thread-safe; every iteration starts again from the first page (which is not fetched again)
 * and fetches the following pages anew.
 *
 * @param <T> the item type, a generated API type such as {@code Message}
 */
public final class PagedIterable<T> implements Iterable<T> {
  private final Page<T> firstPage;

  PagedIterable(Page<T> firstPage) {
    this.firstPage = firstPage;
  }

  /**
   * The first page, already fetched.
   *
   * @return the first page
   */
  public Page<T> firstPage() {
    return firstPage;
  }

  /**
   * Every item of every page, fetching pages as the iteration reaches them.
   *
   * @return an iterable over all items
   */
  public Iterable<T> iterateAll() {
    return this;
  }

  /**
   * Every page, the first included, fetching each as the iteration reaches it.
   *
   * @return an iterable over the pages
   */
  public Iterable<Page<T>> iteratePages() {
    return () -> new Iterator<>() {
      private Page<T> last;

      @Override
      public boolean hasNext() {
        return last == null || last.hasNextPage();
      }

      @Override
      public Page<T> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        last = last == null ? firstPage : last.nextPage();
        return last;
      }
    };
  }

  /**
   * Every item of every page, as {@link #iterateAll()}.
   *
   * @return an iterator over all items
   */
  @Override
  public Iterator<T> iterator() {
    return new Iterator<>() {
      private Page<T> page = firstPage;
      private Iterator<T> items = firstPage.items().iterator();

      @Override
      public boolean hasNext() {
        // A page may be empty yet not the last: keep fetching until an item or the end.
        while (!items.hasNext() && page.hasNextPage()) {
          page = page.nextPage();
          items = page.items().iterator();
        }
        return items.hasNext();
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return items.next();
      }
    };
  }

  /**
   * Every item of every page as a sequential stream, fetching pages lazily.
   *
   * @return a stream of all items
   */
  public Stream<T> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }
}
