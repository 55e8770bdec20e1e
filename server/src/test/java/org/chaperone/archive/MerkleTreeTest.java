package org.chaperone.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.chaperone.testing.ReferenceMerkle;
import org.junit.jupiter.api.Test;

/**
 * The Merkle tree against the Certificate Transparency test vectors and against a literal
 * reference implementation of RFC 6962, and the proof verifier against a dishonest prover.
 */
class MerkleTreeTest {
  private static final HexFormat HEX = HexFormat.of();

  /** The eight leaves of the Certificate Transparency reference tests. */
  private static final List<byte[]> CT_LEAVES = List.of(hex(""), hex("00"), hex("10"), hex("2021"),
      hex("3031"), hex("40414243"), hex("5051525354555657"), hex("606162636465666768696a6b6c6d6e6f"));

  private static final String[] CT_ROOTS = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

  private static byte[] hex(String s) {
    return HEX.parseHex(s);
  }

  private static List<String> hexes(List<byte[]> hashes) {
    return hashes.stream().map(HEX::formatHex).toList();
  }

  /** A tree over in-memory entries whose subtrees are computed naively from the leaves. */
  private static MerkleTree tree(List<byte[]> entries) {
    return new MerkleTree((level, index) -> {
      int from = (int) (index << level);
      return ReferenceMerkle.mth(entries.subList(from, from + (1 << level)));
    });
  }

  private static List<byte[]> entries(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(("entry " + i).getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void certificateTransparencyRoots() {
    assertThat(HEX.formatHex(MerkleTree.emptyRoot()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    for (int n = 1; n <= 8; n++) {
      assertThat(HEX.formatHex(tree(CT_LEAVES).root(n))).as("root of %d", n).isEqualTo(CT_ROOTS[n - 1]);
    }
  }

  @Test
  void certificateTransparencyProofs() {
    MerkleTree t = tree(CT_LEAVES);
    assertThat(hexes(t.inclusionProof(0, 8))).containsExactly(
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    assertThat(hexes(t.inclusionProof(5, 8))).containsExactly(
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    assertThat(t.inclusionProof(0, 1)).isEmpty();
    assertThat(hexes(t.consistencyProof(1, 8))).containsExactly(
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    assertThat(hexes(t.consistencyProof(6, 8))).containsExactly(
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    assertThat(hexes(t.consistencyProof(2, 5))).containsExactly(
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
    assertThat(t.consistencyProof(8, 8)).isEmpty();
    assertThat(t.consistencyProof(0, 8)).isEmpty();
  }

  @Test
  void everyRootAndProofMatchesTheReferenceAndVerifies() {
    List<byte[]> d = entries(70);
    MerkleTree t = tree(d);
    CompactRange streaming = new CompactRange();
    for (int n = 1; n <= d.size(); n++) {
      List<byte[]> prefix = d.subList(0, n);
      byte[] root = ReferenceMerkle.mth(prefix);
      assertThat(t.root(n)).as("root %d", n).isEqualTo(root);
      streaming.append(ReferenceMerkle.leaf(d.get(n - 1)));
      assertThat(streaming.root()).as("streamed root %d", n).isEqualTo(root);
      for (int m = 0; m < n; m++) {
        List<byte[]> path = t.inclusionProof(m, n);
        assertThat(hexes(path)).as("path %d/%d", m, n).isEqualTo(hexes(ReferenceMerkle.path(m, prefix)));
        assertThat(MerkleProofs.verifyInclusion(ReferenceMerkle.leaf(d.get(m)), m, n, path, root))
            .as("path %d/%d verifies", m, n).isTrue();
      }
      for (int m = 1; m <= n; m++) {
        List<byte[]> proof = t.consistencyProof(m, n);
        List<byte[]> expected = m == n ? List.of() : ReferenceMerkle.proof(m, prefix);
        assertThat(hexes(proof)).as("proof %d→%d", m, n).isEqualTo(hexes(expected));
        assertThat(MerkleProofs.verifyConsistency(m, n, ReferenceMerkle.mth(d.subList(0, m)), root, proof))
            .as("proof %d→%d verifies", m, n).isTrue();
      }
    }
  }

  @Test
  void streamingReportsEveryCompletedSubtree() {
    List<byte[]> d = entries(37);
    List<String> completed = new ArrayList<>();
    CompactRange range = new CompactRange((level, index, hash) -> {
      int from = (int) (index << level);
      assertThat(hash).isEqualTo(ReferenceMerkle.mth(d.subList(from, from + (1 << level))));
      completed.add(level + ":" + index);
    });
    d.forEach(e -> range.append(ReferenceMerkle.leaf(e)));
    // 37 leaves: 18 pairs, 9 fours, 4 eights, 2 sixteens, 1 thirty-two.
    assertThat(completed).hasSize(18 + 9 + 4 + 2 + 1).contains("5:0", "4:1", "1:17");
  }

  @Test
  void invalidRequestsAreRefused() {
    MerkleTree t = tree(entries(5));
    assertThatThrownBy(() -> t.inclusionProof(5, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> t.inclusionProof(-1, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> t.consistencyProof(6, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> t.root(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  // --- a dishonest prover ----------------------------------------------------------------------

  private static List<UnaryOperator<List<byte[]>>> tamperings(int size) {
    List<UnaryOperator<List<byte[]>>> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      int at = i;
      out.add(p -> { // one bit flipped in one hash
        List<byte[]> q = copy(p);
        q.get(at)[at % 32] ^= 1;
        return q;
      });
      out.add(p -> { // one hash left out
        List<byte[]> q = copy(p);
        q.remove(at);
        return q;
      });
      out.add(p -> { // a hash repeated
        List<byte[]> q = copy(p);
        q.add(at, q.get(at).clone());
        return q;
      });
      if (i + 1 < size) {
        out.add(p -> { // two neighbours swapped
          List<byte[]> q = copy(p);
          byte[] x = q.get(at);
          q.set(at, q.get(at + 1));
          q.set(at + 1, x);
          return q;
        });
      }
    }
    out.add(p -> { // extended with an extra hash
      List<byte[]> q = copy(p);
      q.add(new byte[32]);
      return q;
    });
    out.add(p -> { // extended at the front
      List<byte[]> q = copy(p);
      q.addFirst(ReferenceMerkle.sha256("x".getBytes(StandardCharsets.UTF_8)));
      return q;
    });
    out.add(p -> { // a hash of the wrong length
      List<byte[]> q = copy(p);
      if (!q.isEmpty()) {
        q.set(0, java.util.Arrays.copyOf(q.getFirst(), 31));
      }
      return q;
    });
    out.add(p -> List.of()); // no proof at all
    return out;
  }

  private static List<byte[]> copy(List<byte[]> p) {
    List<byte[]> q = new ArrayList<>();
    p.forEach(h -> q.add(h.clone()));
    return q;
  }

  @Test
  void alteredTruncatedReorderedOrExtendedInclusionProofsAreRejected() {
    List<byte[]> d = entries(21);
    MerkleTree t = tree(d);
    for (int n : new int[] {2, 3, 7, 8, 13, 21}) {
      byte[] root = t.root(n);
      for (int m = 0; m < n; m++) {
        byte[] leaf = ReferenceMerkle.leaf(d.get(m));
        List<byte[]> honest = t.inclusionProof(m, n);
        for (UnaryOperator<List<byte[]>> tamper : tamperings(honest.size())) {
          List<byte[]> forged = tamper.apply(honest);
          if (hexes(forged).equals(hexes(honest))) {
            continue; // e.g. swapping two equal hashes
          }
          assertThat(MerkleProofs.verifyInclusion(leaf, m, n, forged, root))
              .as("forged path %d/%d", m, n).isFalse();
        }
        // The honest proof, but claims that are not true: another leaf, index or size (each with
        // its true root). The verifier may accept only where the claim's own honest proof is the
        // same list of hashes.
        assertThat(MerkleProofs.verifyInclusion(ReferenceMerkle.leaf("other".getBytes()), m, n, honest, root)).isFalse();
        for (int claimedIndex : new int[] {m - 1, m + 1}) {
          assertThat(MerkleProofs.verifyInclusion(leaf, claimedIndex, n, honest, root))
              .as("index %d for %d/%d", claimedIndex, m, n).isFalse();
        }
        for (int claimedSize : new int[] {n - 1, n + 1}) {
          if (claimedSize > m && claimedSize <= d.size()) {
            boolean accepted = MerkleProofs.verifyInclusion(leaf, m, claimedSize, honest, t.root(claimedSize));
            assertThat(accepted).as("size %d for %d/%d", claimedSize, m, n)
                .isEqualTo(hexes(honest).equals(hexes(t.inclusionProof(m, claimedSize))));
            assertThat(accepted).isFalse();
          }
        }
        assertThat(MerkleProofs.verifyInclusion(leaf, m, n, honest, t.root(n - 1))).as("old root").isFalse();
        assertThat(MerkleProofs.verifyInclusion(leaf, m, m, honest, root)).isFalse();
        assertThat(MerkleProofs.verifyInclusion(leaf, -1, n, honest, root)).isFalse();
      }
    }
  }

  @Test
  void alteredTruncatedReorderedOrExtendedConsistencyProofsAreRejected() {
    List<byte[]> d = entries(21);
    MerkleTree t = tree(d);
    for (int n : new int[] {2, 3, 7, 8, 13, 21}) {
      byte[] root = t.root(n);
      for (int m = 1; m < n; m++) {
        byte[] oldRoot = t.root(m);
        List<byte[]> honest = t.consistencyProof(m, n);
        for (UnaryOperator<List<byte[]>> tamper : tamperings(honest.size())) {
          List<byte[]> forged = tamper.apply(honest);
          if (hexes(forged).equals(hexes(honest))) {
            continue;
          }
          assertThat(MerkleProofs.verifyConsistency(m, n, oldRoot, root, forged))
              .as("forged proof %d→%d", m, n).isFalse();
        }
        assertThat(MerkleProofs.verifyConsistency(m, n, root, oldRoot, honest)).as("roots swapped").isFalse();
        assertThat(MerkleProofs.verifyConsistency(m, n, oldRoot, t.root(n - 1), honest)).as("wrong new root").isFalse();
        // Other sizes, each with its true root: accepted only where the honest proofs coincide.
        for (int[] claim : new int[][] {{m - 1, n}, {m + 1, n}, {m, n - 1}, {m, n + 1}}) {
          int first = claim[0];
          int second = claim[1];
          if (first < 1 || first >= second || second > d.size()) {
            continue;
          }
          boolean accepted = MerkleProofs.verifyConsistency(first, second, t.root(first), t.root(second), honest);
          assertThat(accepted).as("claim %d→%d with the proof for %d→%d", first, second, m, n)
              .isEqualTo(hexes(honest).equals(hexes(t.consistencyProof(first, second))));
        }
        assertThat(MerkleProofs.verifyConsistency(n, m, root, oldRoot, honest)).as("backwards").isFalse();
      }
      // A tree is consistent with itself and extends the empty tree, with empty proofs only.
      assertThat(MerkleProofs.verifyConsistency(n, n, root, root, List.of())).isTrue();
      assertThat(MerkleProofs.verifyConsistency(n, n, root, root, List.of(root))).isFalse();
      assertThat(MerkleProofs.verifyConsistency(0, n, MerkleTree.emptyRoot(), root, List.of())).isTrue();
      assertThat(MerkleProofs.verifyConsistency(0, n, MerkleTree.emptyRoot(), root, List.of(root))).isFalse();
      assertThat(MerkleProofs.verifyConsistency(0, n, root, root, List.of())).isFalse();
    }
  }
}
