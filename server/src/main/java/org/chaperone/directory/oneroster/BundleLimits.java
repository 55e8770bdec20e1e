package org.chaperone.directory.oneroster;

/**
 * Size limits that keep a hostile or broken bundle (a zip bomb, say) from exhausting the gateway.
 *
 * @param maxTotalBytes the most uncompressed bytes read from all entries or files together
 * @param maxEntries the most entries a zip archive may hold
 */
record BundleLimits(long maxTotalBytes, int maxEntries) {
  /** 512 MiB and 10,000 entries: far beyond a real district's roster (which has a dozen files). */
  static final BundleLimits DEFAULT = new BundleLimits(512L * 1024 * 1024, 10_000);

  BundleLimits {
    if (maxTotalBytes <= 0 || maxTotalBytes > Integer.MAX_VALUE - 16 || maxEntries <= 0) {
      throw new IllegalArgumentException("limits out of range");
    }
  }
}
