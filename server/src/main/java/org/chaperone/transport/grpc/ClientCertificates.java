package org.chaperone.transport.grpc;

import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.ServerCall;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.RequestRejected;

/**
 * Mutual TLS for integrations: when the gateway is configured with the CA that issues
 * integrations' client certificates, an integration's calls (and its token exchange) must come
 * over a connection whose client certificate the TLS layer verified against that CA, and whose
 * subject common name is the integration's client id. People's calls need no certificate.
 */
final class ClientCertificates {
  /** The verified client certificate's common name, for the token exchange to check. */
  static final Context.Key<String> COMMON_NAME = Context.key("chaperone-client-certificate-cn");

  private final boolean required;

  ClientCertificates(boolean required) {
    this.required = required;
  }

  boolean required() {
    return required;
  }

  /** The common name of the call's verified client certificate, if any. */
  static Optional<String> commonName(ServerCall<?, ?> call) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (session == null) {
      return Optional.empty();
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
        return Optional.empty();
      }
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return Optional.of(rdn.getValue().toString());
        }
      }
      return Optional.empty();
    } catch (SSLPeerUnverifiedException | InvalidNameException e) {
      return Optional.empty();
    }
  }

  /** Refuses an integration's call when certificates are required and {@code commonName} is not its client id. */
  void check(String clientId, String commonName) {
    if (required && (commonName == null || !commonName.equals(clientId))) {
      throw new RequestRejected(ErrorReason.INTEGRATION_CREDENTIALS_INVALID, "integrations must"
          + " call with a client certificate issued to their client id (mutual TLS); "
          + (commonName == null ? "none was presented" : "this one names '" + commonName + "'"));
    }
  }
}
