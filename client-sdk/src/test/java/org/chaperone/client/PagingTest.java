package org.chaperone.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chaperone.client.Fixtures.client;
import static org.chaperone.testing.TestDistrict.MATH;
import static org.chaperone.testing.TestDistrict.S1;
import static org.chaperone.testing.TestDistrict.TEACHER;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.assertj.core.api.Assertions;
import org.chaperone.api.v1.ChannelServiceGrpc;
import org.chaperone.api.v1.ListMembersRequest;
import org.chaperone.api.v1.ListMessagesRequest;
import org.chaperone.api.v1.Member;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.MessageServiceGrpc;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** List calls as PagedIterable: lazy, complete, in the gateway's order. */
class PagingTest {
  @TempDir Path dataDir;
  TestGateway gw;

  @BeforeEach
  void start() {
    gw = TestGateway.start(dataDir);
    try (ChaperoneClient teacher = client(gw, TEACHER)) {
      for (int i = 1; i <= 7; i++) {
        teacher.createMessage("channels/" + MATH, "note " + i);
      }
    }
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  @Test
  void iterateAllWalksEveryPageLazily() {
    Faults.Recorder recorder = new Faults.Recorder();
    try (ChaperoneClient student = client(gw, S1, recorder)) {
      PagedIterable<Message> messages = student.listMessages(ListMessagesRequest.newBuilder()
          .setParent("channels/" + MATH).setPageSize(3).build());
      assertThat(recorder.calls(MessageServiceGrpc.getListMessagesMethod())).isEqualTo(1);
      assertThat(messages.firstPage().items()).hasSize(3);
      assertThat(messages.firstPage().hasNextPage()).isTrue();

      Iterator<Message> it = messages.iterateAll().iterator();
      for (int i = 0; i < 3; i++) {
        it.next();
      }
      assertThat(recorder.calls(MessageServiceGrpc.getListMessagesMethod()))
          .as("the second page is fetched only when the iteration reaches it").isEqualTo(1);
      assertThat(it.hasNext()).isTrue();
      assertThat(recorder.calls(MessageServiceGrpc.getListMessagesMethod())).isEqualTo(2);

      List<String> all = new ArrayList<>();
      for (Message m : messages.iterateAll()) {
        all.add(m.getText());
      }
      assertThat(all).containsExactly("note 7", "note 6", "note 5", "note 4", "note 3", "note 2",
          "note 1");
      assertThat(messages.stream().map(Message::getText).toList()).isEqualTo(all);
    }
  }

  @Test
  void pagesCanBeWalkedOneByOne() {
    try (ChaperoneClient student = client(gw, S1)) {
      PagedIterable<Message> messages = student.listMessages(ListMessagesRequest.newBuilder()
          .setParent("channels/" + MATH).setPageSize(3).build());
      List<Integer> sizes = new ArrayList<>();
      for (Page<Message> page : messages.iteratePages()) {
        sizes.add(page.items().size());
      }
      assertThat(sizes).containsExactly(3, 3, 1);

      Page<Message> last = messages.firstPage().nextPage().nextPage();
      assertThat(last.hasNextPage()).isFalse();
      assertThat(last.nextPageToken()).isEmpty();
      Assertions.assertThatThrownBy(last::nextPage).isInstanceOf(NoSuchElementException.class);

      // A page token continues the listing later, e.g. after a restart of the integration.
      String token = messages.firstPage().nextPageToken();
      assertThat(student.listMessages(ListMessagesRequest.newBuilder()
              .setParent("channels/" + MATH).setPageSize(3).setPageToken(token).build())
          .firstPage().items()).extracting(Message::getText)
          .containsExactly("note 4", "note 3", "note 2");
    }
  }

  @Test
  void membersAndChannelsPageToo() {
    Faults.Recorder recorder = new Faults.Recorder();
    try (ChaperoneClient teacher = client(gw, TEACHER, recorder)) {
      List<Member> members = teacher.listMembers(ListMembersRequest.newBuilder()
          .setParent("channels/" + MATH).setPageSize(2).build()).stream().toList();
      // teacher-1, s1-s3, and the guardians g1-g4.
      assertThat(members).extracting(Member::getPerson).containsExactlyInAnyOrder("people/teacher-1",
          "people/s1", "people/s2", "people/s3", "people/g1", "people/g2", "people/g3", "people/g4");
      assertThat(recorder.calls(ChannelServiceGrpc.getListMembersMethod())).isEqualTo(4);

      assertThat(teacher.listChannels().stream().map(c -> c.getName()).toList())
          .containsExactly("channels/" + MATH);
      assertThat(teacher.listMessages("channels/" + MATH).stream().count()).isEqualTo(7);
    }
  }
}
