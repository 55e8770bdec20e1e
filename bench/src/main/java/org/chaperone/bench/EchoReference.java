package org.chaperone.bench;

import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bare gRPC references: R1, a unary echo of the same payload the gateway receives; R2, a
 * server-streaming broadcast that pushes each published payload to every in-memory subscriber.
 * Same transport (Netty), same default executor as the gateway; no storage, no logic.
 */
final class EchoReference implements AutoCloseable {
  static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("bench.Reference/Echo")
      .setRequestMarshaller(new Bytes()).setResponseMarshaller(new Bytes()).build();
  static final MethodDescriptor<byte[], byte[]> PUBLISH = ECHO.toBuilder()
      .setFullMethodName("bench.Reference/Publish").build();
  static final MethodDescriptor<byte[], byte[]> SUBSCRIBE = ECHO.toBuilder()
      .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
      .setFullMethodName("bench.Reference/Subscribe").build();

  private final Server server;
  private final List<StreamObserver<byte[]>> subscribers = new ArrayList<>();

  EchoReference() throws IOException {
    ServerServiceDefinition service = ServerServiceDefinition.builder("bench.Reference")
        .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
          response.onNext(request);
          response.onCompleted();
        }))
        .addMethod(PUBLISH, ServerCalls.asyncUnaryCall((request, response) -> {
          synchronized (subscribers) {
            for (StreamObserver<byte[]> s : subscribers) {
              s.onNext(request);
            }
          }
          response.onNext(new byte[0]);
          response.onCompleted();
        }))
        .addMethod(SUBSCRIBE, ServerCalls.asyncServerStreamingCall((request, response) -> {
          synchronized (subscribers) {
            subscribers.add(response);
          }
        }))
        .build();
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(service).build().start();
  }

  int port() {
    return server.getPort();
  }

  static byte[] echo(ManagedChannel channel, byte[] payload) {
    return ClientCalls.blockingUnaryCall(channel, ECHO, io.grpc.CallOptions.DEFAULT, payload);
  }

  void dropSubscribers() {
    synchronized (subscribers) {
      subscribers.forEach(StreamObserver::onCompleted);
      subscribers.clear();
    }
  }

  @Override
  public void close() {
    dropSubscribers();
    try {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
