package org.chaperone.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import java.util.Set;

/**
 * Picks the trusted keys that may have signed a token, by algorithm family, curve and key id.
 *
 * <p>Two departures from nimbus' default matching: RSA keys shorter than 2048 bits are never
 * trusted, and a source that pins a single key (a PEM file, which carries no key id) matches
 * whatever key id the token names.
 *
 * <p>Thread-safe when its {@link JWKSource} is.
 */
final class TrustedKeySelector extends JWSVerificationKeySelector<SecurityContext> {
  private static final int MIN_RSA_BITS = 2048;

  private final boolean ignoreKeyId;

  TrustedKeySelector(
      Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> keys, boolean ignoreKeyId) {
    super(algorithms, keys);
    this.ignoreKeyId = ignoreKeyId;
  }

  @Override
  protected JWKMatcher createJWKMatcher(JWSHeader header) {
    JWKMatcher matcher = super.createJWKMatcher(header);
    if (matcher == null) {
      return null;
    }
    JWKMatcher.Builder builder = new JWKMatcher.Builder(matcher);
    if (JWSAlgorithm.Family.RSA.contains(header.getAlgorithm())) {
      // Why: short RSA keys are factorable; a JWKS that still lists one should not make it
      // usable.
      builder.minKeySize(MIN_RSA_BITS);
    }
    if (ignoreKeyId) {
      builder.keyIDs((Set<String>) null).x509CertSHA256Thumbprints((Set<Base64URL>) null);
    }
    return builder.build();
  }
}
