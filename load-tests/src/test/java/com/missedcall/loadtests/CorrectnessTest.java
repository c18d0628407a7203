package com.missedcall.loadtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.loadtests.Correctness.Call;
import com.missedcall.loadtests.Correctness.Observed;
import com.missedcall.loadtests.Correctness.Sent;
import com.missedcall.loadtests.Correctness.Sent.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorrectnessTest {
  @Test
  void refusedCallsAreShedNotLostAndOweNothing() {
    List<Sent> sent = List.of(missed("CA1", "+16010000001", true), missed("CA2", "+16010000002", false));
    Observed seen = seen(Map.of("CA1", texted("+16010000001")), Set.of("+16010000001"),
        Map.of("+16010000001", 1L));

    Map<String, Long> c = new Correctness(sent, seen, false).counts();

    assertThat(c).containsEntry("callsSent", 2L).containsEntry("acknowledged", 1L).containsEntry("shed", 1L)
        .containsEntry("leads", 1L).containsEntry("leadsExpected", 1L)
        .containsEntry("sms", 1L).containsEntry("smsExpected", 1L)
        .containsEntry("duplicateSms", 0L).containsEntry("lost", 0L);
    assertThat(Correctness.passes(c)).isTrue();
  }

  @Test
  void anAcknowledgedCallWithoutDecisionIsLost() {
    List<Sent> sent = List.of(missed("CA1", "+16010000001", true), missed("CA2", "+16010000002", true));
    Observed seen = seen(Map.of("CA1", texted("+16010000001"), "CA2", new Call("+16010000002", "pending", "not_final")),
        Set.of("+16010000001"), Map.of("+16010000001", 1L));

    Map<String, Long> c = new Correctness(sent, seen, false).counts();

    assertThat(c).containsEntry("lostCalls", 1L).containsEntry("lost", 1L).containsEntry("shed", 0L);
    assertThat(Correctness.passes(c)).isFalse();
  }

  @Test
  void aTextedCallWhoseTextNeverArrivedIsLost() {
    List<Sent> sent = List.of(missed("CA1", "+16010000001", true));
    Observed seen = seen(Map.of("CA1", texted("+16010000001")), Set.of("+16010000001"), Map.of());

    Map<String, Long> c = new Correctness(sent, seen, false).counts();

    assertThat(c).containsEntry("lostTexts", 1L).containsEntry("lost", 1L).containsEntry("sms", 0L);
    assertThat(Correctness.passes(c)).isFalse();
  }

  @Test
  void aRefusedCallDecidedAnywayIsTextedOnceAndNotADuplicate() {
    // the decision committed after the 503 went out: Twilio's retry would be answered "duplicate"
    List<Sent> sent = List.of(missed("CA1", "+16010000001", false));
    Observed seen = seen(Map.of("CA1", texted("+16010000001")), Set.of("+16010000001"),
        Map.of("+16010000001", 1L));

    Map<String, Long> c = new Correctness(sent, seen, false).counts();

    assertThat(c).containsEntry("shed", 1L).containsEntry("leadsExpected", 0L).containsEntry("leadsTotal", 1L)
        .containsEntry("smsTotal", 1L).containsEntry("duplicateSms", 0L).containsEntry("lost", 0L);
    assertThat(Correctness.passes(c)).isTrue();
  }

  @Test
  void aSecondTextToOneCallerIsADuplicate() {
    List<Sent> sent = List.of(missed("CA1", "+16010000001", true));
    Observed seen = seen(Map.of("CA1", texted("+16010000001")), Set.of("+16010000001"),
        Map.of("+16010000001", 2L));

    Map<String, Long> c = new Correctness(sent, seen, false).counts();

    assertThat(c).containsEntry("duplicateSms", 1L).containsEntry("sms", 1L);
    assertThat(Correctness.passes(c)).isFalse();
  }

  @Test
  void answeredCallsAreDecidedButOweNoText() {
    List<Sent> sent = List.of(new Sent(Kind.ANSWERED, "CA1", "+16040000001", true));
    Observed seen = seen(Map.of("CA1", new Call("+16040000001", "skipped", "answered")), Set.of(), Map.of());

    Map<String, Long> c = new Correctness(sent, seen, false).counts();

    assertThat(c).containsEntry("acknowledged", 1L).containsEntry("leadsExpected", 0L)
        .containsEntry("smsExpected", 0L).containsEntry("lost", 0L);
    assertThat(Correctness.passes(c)).isTrue();
  }

  @Test
  void repeatCallersOweATextForEveryCallTheWindowLetThrough() {
    List<Sent> sent = List.of(missed("CA1", "+16030000001", true), missed("CA2", "+16030000001", true),
        missed("CA3", "+16030000001", true));
    Observed seen = new Observed(Map.of("CA1", texted("+16030000001"),
        "CA2", new Call("+16030000001", "skipped", "within_duplicate_window"), "CA3", texted("+16030000001")),
        Set.of("+16030000001"), Map.of("+16030000001", 2L), 0, Map.of());

    Map<String, Long> c = new Correctness(sent, seen, true).counts();

    assertThat(c).containsEntry("leads", 1L).containsEntry("leadsExpected", 1L)
        .containsEntry("sms", 2L).containsEntry("smsExpected", 2L).containsEntry("lost", 0L);
    assertThat(Correctness.passes(c)).isTrue();
    Observed twoInOneWindow = new Observed(seen.callsBySid(), seen.leadCallers(), seen.textBacksByCaller(), 1,
        Map.of());
    assertThat(new Correctness(sent, twoInOneWindow, true).counts()).containsEntry("duplicateSms", 1L);
  }

  @Test
  void everyAcknowledgedReplyIsStoredOnceAndRefusedOnesAreShed() {
    List<Sent> sent = List.of(missed("CA1", "+16040000001", true),
        new Sent(Kind.REPLY, "SM1", "+16040000001", true),
        new Sent(Kind.REPLY, "SM2", "+16040000002", true),
        new Sent(Kind.REPLY, "SM3", "+16040000003", false));
    Map<String, String> inbound = new HashMap<>(Map.of("SM1", "+16040000001"));
    Observed seen = new Observed(Map.of("CA1", texted("+16040000001")), Set.of("+16040000001"),
        Map.of("+16040000001", 1L), 0, inbound);

    Map<String, Long> c = new Correctness(sent, seen, false).counts();

    assertThat(c).containsEntry("repliesSent", 3L).containsEntry("repliesAcknowledged", 2L)
        .containsEntry("repliesShed", 1L).containsEntry("repliesStored", 1L)
        .containsEntry("lostReplies", 1L).containsEntry("lost", 1L);
    inbound.put("SM2", "+16040000002");
    inbound.put("SMx", "+16040000002");
    Map<String, Long> again = new Correctness(sent, seen, false).counts();
    assertThat(again).containsEntry("lost", 0L).containsEntry("duplicateReplies", 1L);
    assertThat(Correctness.passes(again)).isFalse();
  }

  @Test
  void readsTheOutcomesFileTheSimulationsWrite(@TempDir Path dir) throws Exception {
    Path tsv = dir.resolve("retry-storm.outcomes.tsv");
    List<Sent> written = List.of(missed("CA1", "+16020000001", true),
        new Sent(Kind.REPLY, "SM1", "+16020000001", false),
        new Sent(Kind.ANSWERED, "CA2", "+16020000002", true));
    Files.writeString(tsv, written.stream().map(Sent::line).reduce("", String::concat));

    assertThat(Files.readString(tsv)).startsWith("missed\tCA1\t+16020000001\t1\nreply\tSM1\t");
    assertThat(Sent.read(tsv)).isEqualTo(written);
  }

  private static Sent missed(String sid, String caller, boolean acknowledged) {
    return new Sent(Kind.MISSED, sid, caller, acknowledged);
  }

  private static Call texted(String caller) {
    return new Call(caller, "texted", "texted");
  }

  private static Observed seen(Map<String, Call> calls, Set<String> leads, Map<String, Long> textBacks) {
    return new Observed(calls, leads, textBacks, 0, Map.of());
  }
}
