package org.chaperone.auth;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Reads trusted public keys from a file: a JWK Set, a single JWK, or one PEM {@code PUBLIC KEY}
 * (X.509 SubjectPublicKeyInfo) holding an RSA or EC key.
 *
 * <p>Stateless. Errors name the file and what is wrong with it, never its key material.
 */
final class KeyFileReader {
  private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String PEM_END = "-----END PUBLIC KEY-----";
  private static final Set<Curve> SIGNING_CURVES = Set.of(Curve.P_256, Curve.P_384);

  private KeyFileReader() {}

  /**
   * The public keys in {@code file}; private parts and symmetric keys are dropped.
   *
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException when the file holds no usable public key
   */
  static JWKSet read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read key file " + file, e);
    }
    text = text.strip();
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1).strip();
    }
    JWKSet keys =
        text.startsWith("-----BEGIN") ? new JWKSet(fromPem(text, file)) : fromJson(text, file);
    JWKSet publicKeys = keys.toPublicJWKSet();
    if (publicKeys.isEmpty()) {
      throw new IllegalArgumentException("key file " + file + " holds no public key");
    }
    return publicKeys;
  }

  private static JWKSet fromJson(String text, Path file) {
    try {
      Map<String, Object> json = JSONObjectUtils.parse(text);
      // Why both: some providers hand out a bare JWK rather than a set.
      return json.containsKey("keys") ? JWKSet.parse(json) : new JWKSet(JWK.parse(json));
    } catch (ParseException e) {
      throw new IllegalArgumentException(
          "key file " + file + " is neither a JWK Set, a JWK nor a PEM public key");
    }
  }

  private static JWK fromPem(String text, Path file) {
    int begin = text.indexOf(PEM_BEGIN);
    int end = text.indexOf(PEM_END);
    if (begin != 0 || end < 0 || text.indexOf("-----BEGIN", PEM_BEGIN.length()) >= 0) {
      throw new IllegalArgumentException(
          "PEM key file " + file + " must hold exactly one '" + PEM_BEGIN + "' block");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(PEM_BEGIN.length(), end));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("PEM key file " + file + " is not valid base64");
    }
    PublicKey key = decodePublicKey(der, file);
    if (key instanceof RSAPublicKey rsa) {
      return new RSAKey.Builder(rsa).keyUse(KeyUse.SIGNATURE).build();
    }
    ECPublicKey ec = (ECPublicKey) key;
    Curve curve = Curve.forECParameterSpec(ec.getParams());
    if (curve == null || !SIGNING_CURVES.contains(curve)) {
      throw new IllegalArgumentException(
          "PEM key file " + file + " holds an EC key on a curve other than P-256 or P-384");
    }
    return new ECKey.Builder(curve, ec).keyUse(KeyUse.SIGNATURE).build();
  }

  private static PublicKey decodePublicKey(byte[] der, Path file) {
    X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
    // Why try both: SubjectPublicKeyInfo names its algorithm, but reading that OID would need an
    // ASN.1 parser; asking each key factory is simpler and only happens at startup.
    for (String algorithm : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(spec);
      } catch (GeneralSecurityException e) {
        // not this algorithm; try the next
      }
    }
    throw new IllegalArgumentException(
        "PEM key file " + file + " does not hold an RSA or EC public key");
  }
}
