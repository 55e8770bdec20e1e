package org.chaperone.transport.grpc;

import io.grpc.stub.StreamObserver;
import java.util.List;
import org.chaperone.api.v1.ChannelServiceGrpc;
import org.chaperone.api.v1.GetChannelRequest;
import org.chaperone.api.v1.ListChannelsRequest;
import org.chaperone.api.v1.ListChannelsResponse;
import org.chaperone.api.v1.ListMembersRequest;
import org.chaperone.api.v1.ListMembersResponse;
import org.chaperone.domain.Caller;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelMember;
import org.chaperone.messaging.ChannelQueries;

/** Transport for {@code chaperone.v1.ChannelService}. */
final class ChannelGrpcService extends ChannelServiceGrpc.ChannelServiceImplBase {
  private final ChannelQueries channels;
  private final DisplayNames names;

  ChannelGrpcService(ChannelQueries channels, DisplayNames names) {
    this.channels = channels;
    this.names = names;
  }

  @Override
  public void getChannel(GetChannelRequest request,
      StreamObserver<org.chaperone.api.v1.Channel> response) {
    String id = ResourceNames.id("name", request.getName(), "channels");
    response.onNext(ProtoMapping.channel(channels.get(CallerContext.caller(), id)));
    response.onCompleted();
  }

  @Override
  public void listChannels(ListChannelsRequest request, StreamObserver<ListChannelsResponse> response) {
    Caller caller = CallerContext.caller();
    int size = PageTokens.pageSize(request.getPageSize(), 50, 500);
    String scope = "channels:" + caller.personId();
    String after = PageTokens.decode(request.getPageToken(), scope, "");
    List<Channel> page = channels.mine(caller, after, size + 1);
    ListChannelsResponse.Builder b = ListChannelsResponse.newBuilder();
    page.stream().limit(size).forEach(c -> b.addChannels(ProtoMapping.channel(c)));
    if (page.size() > size) {
      b.setNextPageToken(PageTokens.encode(scope, page.get(size - 1).id()));
    }
    response.onNext(b.build());
    response.onCompleted();
  }

  @Override
  public void listMembers(ListMembersRequest request, StreamObserver<ListMembersResponse> response) {
    String channelId = ResourceNames.id("parent", request.getParent(), "channels");
    int size = PageTokens.pageSize(request.getPageSize(), 100, 1000);
    String scope = "members:" + channelId;
    String after = PageTokens.decode(request.getPageToken(), scope, "");
    List<ChannelMember> page = channels.members(CallerContext.caller(), channelId, after, size + 1);
    ListMembersResponse.Builder b = ListMembersResponse.newBuilder();
    page.stream().limit(size).forEach(m -> b.addMembers(ProtoMapping.member(m, names.of(m.personId()))));
    if (page.size() > size) {
      b.setNextPageToken(PageTokens.encode(scope, page.get(size - 1).personId()));
    }
    response.onNext(b.build());
    response.onCompleted();
  }
}
