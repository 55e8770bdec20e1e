/**
 * The Java client for the Chaperone gateway ({@code chaperone.v1}), for LMS and SIS integrations.
 *
 * <p>Start with {@link org.chaperone.client.ChaperoneClient#builder()}. The client's methods take
 * and return the generated API types of {@code org.chaperone.api.v1}; list methods return a
 * {@link org.chaperone.client.PagedIterable}; {@link
 * org.chaperone.client.ChaperoneClient#subscribe subscribe} opens a message stream that resumes by
 * itself after a disconnect; every failure is a {@link org.chaperone.client.ChaperoneException}.
 *
 * <p>Everything public in this package is API; package-private classes are not.
 */
package org.chaperone.client;
