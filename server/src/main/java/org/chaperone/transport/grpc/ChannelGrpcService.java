package org.chaperone.transport.grpc;

import io.grpc.stub.StreamObserver;
import java.util.List;
import org.chaperone.api.v1.ChannelServiceGrpc;
import org.chaperone.api.v1.CreateDirectChannelRequest;
import org.chaperone.api.v1.CreateGroupChannelRequest;
import org.chaperone.api.v1.RemoveMemberRequest;
import org.chaperone.api.v1.RemoveMemberResponse;
import org.chaperone.domain.RequestRejected;
import org.chaperone.messaging.Conversations;
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
  private final Conversations conversations;
  private final DisplayNames names;

  ChannelGrpcService(ChannelQueries channels, Conversations conversations, DisplayNames names) {
    this.channels = channels;
    this.conversations = conversations;
    this.names = names;
  }

  @Override
  public void createDirectChannel(CreateDirectChannelRequest request,
      StreamObserver<org.chaperone.api.v1.Channel> response) {
    String student = ResourceNames.id("student", request.getStudent(), "people");
    if (request.getPurpose().isBlank()) {
      throw RequestRejected.invalidField("purpose", "say why the conversation exists; guardians are told");
    }
    response.onNext(ProtoMapping.channel(conversations.direct(CallerContext.caller(), student,
        request.getPurpose().strip())));
    response.onCompleted();
  }

  @Override
  public void createGroupChannel(CreateGroupChannelRequest request,
      StreamObserver<org.chaperone.api.v1.ApprovalRequest> response) {
    if (request.getDisplayName().isBlank()) {
      throw RequestRejected.invalidField("display_name", "is required");
    }
    if (request.getStudentsCount() == 0) {
      throw RequestRejected.invalidField("students", "name at least one student");
    }
    List<String> students = request.getStudentsList().stream()
        .map(s -> ResourceNames.id("students", s, "people")).distinct().toList();
    response.onNext(ProtoMapping.approval(conversations.group(CallerContext.caller(),
        request.getDisplayName().strip(), request.getPurpose().strip(), request.getObjectives().strip(),
        students)));
    response.onCompleted();
  }

  @Override
  public void removeMember(RemoveMemberRequest request, StreamObserver<RemoveMemberResponse> response) {
    String name = request.getName();
    int at = name.indexOf("/members/");
    if (!name.startsWith("channels/") || at < 0) {
      throw RequestRejected.invalidField("name", "must look like channels/{channel}/members/{person}");
    }
    String channelId = ResourceNames.id("name", name.substring(0, at), "channels");
    String personId = ResourceNames.id("name", "people/" + name.substring(at + "/members/".length()), "people");
    if (request.getReason().isBlank()) {
      throw RequestRejected.invalidField("reason", "is required; the removal is recorded");
    }
    conversations.removeMember(CallerContext.caller(), channelId, personId, request.getReason().strip());
    response.onNext(RemoveMemberResponse.getDefaultInstance());
    response.onCompleted();
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
    List<ChannelMember> page = channels.members(CallerContext.caller(), channelId, after, size + 1, "");
    ListMembersResponse.Builder b = ListMembersResponse.newBuilder();
    page.stream().limit(size).forEach(m -> b.addMembers(ProtoMapping.member(m, names.of(m.personId()))));
    if (page.size() > size) {
      b.setNextPageToken(PageTokens.encode(scope, page.get(size - 1).personId()));
    }
    response.onNext(b.build());
    response.onCompleted();
  }
}
