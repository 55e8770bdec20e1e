package org.chaperone.auth;

import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/** Where a {@link JwtTokenVerifier} finds the public keys it trusts. */
public sealed interface KeySource {

  /**
   * A JWK Set published by the identity provider, fetched over HTTP and cached; an unknown key id
   * triggers a rate-limited refresh, so key rotation at the provider needs no restart.
   *
   * <p>The URL must be {@code https}, except on a loopback host.
   *
   * @param url the JWKS endpoint (for OIDC providers, the {@code jwks_uri} of the discovery
   *     document)
   */
  record JwksUrl(URI url) implements KeySource {
    public JwksUrl {
      Objects.requireNonNull(url, "url");
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      // Why: keys fetched over plain HTTP could be swapped in transit, and whoever swaps them can
      // then mint tokens for anyone. Loopback stays allowed for local setups and tests.
      if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(url.getHost()))) {
        throw new IllegalArgumentException(
            "JWKS URL must use https (http is allowed only on loopback): " + url);
      }
    }

    // Why only literal names: deciding by a DNS lookup would let whoever controls DNS decide.
    private static boolean isLoopback(String host) {
      if (host == null) {
        return false;
      }
      String name = host.toLowerCase(Locale.ROOT);
      return name.equals("localhost")
          || name.matches("127(\\.\\d{1,3}){3}")
          || name.equals("[::1]")
          || name.equals("[0:0:0:0:0:0:0:1]");
    }
  }

  /**
   * Keys read once from a local file: either a JWK Set (or single JWK) JSON document, or a PEM
   * {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo) RSA or EC key. A PEM key has
   * no key id, so it is trusted whatever key id a token names (see {@link JwtTokenVerifier}).
   *
   * @param file the key file
   */
  record JwksFile(Path file) implements KeySource {
    public JwksFile {
      Objects.requireNonNull(file, "file");
    }
  }

  /**
   * Keys given in code. Private and symmetric keys in the set are ignored; only public keys are
   * trusted.
   *
   * @param set the trusted keys
   */
  record StaticKeys(JWKSet set) implements KeySource {
    public StaticKeys {
      Objects.requireNonNull(set, "set");
    }
  }
}
