package com.missedcall.recovery.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.recovery.conversations.IntakeStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntakeScriptTest {
  private static final IntakeScript.Facts FACTS =
      new IntakeScript.Facts("Ace Plumbing", "Mon-Fri 8am-6pm", "https://book.example/ace");

  private static IntakeScript.Turn respond(IntakeStep step, String message) {
    return IntakeScript.respond(step, message, FACTS, false);
  }

  @Test
  void theNeedIsStoredAndTheAddressAskedNext() {
    IntakeScript.Turn turn = respond(IntakeStep.NEED, "Kitchen sink is leaking");

    assertThat(turn.need()).isEqualTo("Kitchen sink is leaking");
    assertThat(turn.next()).isEqualTo(IntakeStep.ADDRESS);
    assertThat(turn.reply()).isEqualTo("Thanks! What's the address where you need the service?");
  }

  @Test
  void theAddressIsStoredAndTheUrgencyAskedNext() {
    IntakeScript.Turn turn = respond(IntakeStep.ADDRESS, "12 Elm St, Springfield");

    assertThat(turn.address()).isEqualTo("12 Elm St, Springfield");
    assertThat(turn.next()).isEqualTo(IntakeStep.URGENCY);
    assertThat(turn.reply()).contains("How urgent");
  }

  @Test
  void anEmergencyAlreadyKnownSkipsTheUrgencyQuestion() {
    IntakeScript.Turn turn = IntakeScript.respond(IntakeStep.ADDRESS, "12 Elm St", FACTS, true);

    assertThat(turn.next()).isEqualTo(IntakeStep.DONE);
  }

  @ParameterizedTest
  @CsvSource({
      "ASAP please,emergency",
      "It's an emergency,emergency",
      "Today if you can,today",
      "Tomorrow is fine,this_week",
      "It can wait a few days,this_week",
      "Not urgent,flexible",
      "No rush,flexible",
      "Before my in-laws visit,Before my in-laws visit"})
  void theUrgencyIsNormalisedWhenItCanBe(String answer, String urgency) {
    IntakeScript.Turn turn = respond(IntakeStep.URGENCY, answer);

    assertThat(turn.urgency()).isEqualTo(urgency);
  }

  @Test
  void anUrgencyThatCanWaitAsksWhenToCallBackNext() {
    IntakeScript.Turn turn = respond(IntakeStep.URGENCY, "It can wait a few days");

    assertThat(turn.next()).isEqualTo(IntakeStep.CALLBACK);
    assertThat(turn.reply()).isEqualTo("Got it. When's a good time for us to call you back? (e.g. today after 5, "
        + "tomorrow morning)");
  }

  @Test
  void anEmergencyEndsTheIntakeWithoutAskingWhenToCallBack() {
    IntakeScript.Turn turn = respond(IntakeStep.URGENCY, "It's an emergency");

    assertThat(turn.next()).isEqualTo(IntakeStep.DONE);
    assertThat(turn.reply()).doesNotContain("call you back");
  }

  @Test
  void theCallbackAnswerIsKeptInTheCallersWordsAndEndsTheIntake() {
    IntakeScript.Turn turn = respond(IntakeStep.CALLBACK, "tmrw after 5 works");

    assertThat(turn.callback()).isEqualTo("tmrw after 5 works");
    assertThat(turn.next()).isEqualTo(IntakeStep.DONE);
    assertThat(turn.reply()).contains("that's everything we need");
  }

  @Test
  void aQuestionAtTheCallbackStepIsAnsweredAndTheStepAskedAgain() {
    IntakeScript.Turn turn = respond(IntakeStep.CALLBACK, "How much will it cost?");

    assertThat(turn.callback()).isNull();
    assertThat(turn.next()).isEqualTo(IntakeStep.CALLBACK);
    assertThat(turn.reply()).startsWith("Pricing depends on the job").contains("call you back?");
  }

  @Test
  void aQuestionThatNamesATimeAtTheCallbackStepIsTakenAsTheAnswer() {
    IntakeScript.Turn turn = respond(IntakeStep.CALLBACK, "Could you call tomorrow morning?");

    assertThat(turn.callback()).isEqualTo("Could you call tomorrow morning?");
    assertThat(turn.next()).isEqualTo(IntakeStep.DONE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Hi", "hello!", "Good morning"})
  void aGreetingIsGreetedAndTheQuestionAskedAgain(String greeting) {
    IntakeScript.Turn turn = respond(IntakeStep.NEED, greeting);

    assertThat(turn.reply()).isEqualTo("Hi! What can we help you with?");
    assertThat(turn.need()).isNull();
    assertThat(turn.next()).isEqualTo(IntakeStep.NEED);
  }

  @Test
  void thanksIsAcknowledgedWithoutTakingItForAnAnswer() {
    IntakeScript.Turn turn = respond(IntakeStep.ADDRESS, "Thanks!");

    assertThat(turn.reply()).startsWith("You're welcome!").contains("address");
    assertThat(turn.address()).isNull();
  }

  @Test
  void whoIsThisIsAnsweredWithTheBusinessName() {
    assertThat(respond(IntakeStep.NEED, "who is this?").reply()).startsWith("This is Ace Plumbing.");
  }

  @Test
  void aPriceQuestionIsNotAnsweredWithAPrice() {
    IntakeScript.Turn turn = respond(IntakeStep.ADDRESS, "How much will it cost?");

    assertThat(turn.reply()).startsWith("Pricing depends on the job").contains("address");
    assertThat(turn.address()).isNull();
  }

  @Test
  void aTimingQuestionIsNotAnsweredWithAnArrivalTime() {
    assertThat(respond(IntakeStep.URGENCY, "When can you come out?").reply())
        .startsWith("Someone from Ace Plumbing will confirm timing").contains("How urgent");
  }

  @Test
  void hoursAndBookingQuestionsAreAnsweredFromTheProfile() {
    assertThat(respond(IntakeStep.NEED, "What are your hours?").reply()).startsWith("Our hours: Mon-Fri 8am-6pm.");
    assertThat(respond(IntakeStep.NEED, "Can I book online?").reply()).contains("https://book.example/ace");
  }

  @Test
  void aNeedDescribedAsAQuestionIsStillTheNeed() {
    IntakeScript.Turn turn = respond(IntakeStep.NEED, "How much to replace a leaking water heater?");

    assertThat(turn.need()).isEqualTo("How much to replace a leaking water heater?");
    assertThat(turn.reply()).startsWith("Pricing depends on the job").contains("address");
  }

  @Test
  void neverMindEndsTheIntakeWithoutCompletingIt() {
    IntakeScript.Turn turn = respond(IntakeStep.NEED, "Never mind, already fixed it");

    assertThat(turn.next()).isEqualTo(IntakeStep.DONE);
    assertThat(turn.need()).isNull();
    assertThat(turn.reply()).startsWith("No problem!");
  }

  @Test
  void aMessageAfterTheIntakeIsPassedOn() {
    IntakeScript.Turn turn = respond(IntakeStep.DONE, "Also the toilet runs");

    assertThat(turn.reply()).contains("passed that on");
    assertThat(turn.next()).isEqualTo(IntakeStep.DONE);
  }

  @Test
  void aTextWithoutWordsIsNotTakenForAnAnswer() {
    IntakeScript.Turn turn = respond(IntakeStep.NEED, "  ");

    assertThat(turn.need()).isNull();
    assertThat(turn.next()).isEqualTo(IntakeStep.NEED);
    assertThat(turn.reply()).contains("in a few words").contains("What can we help you with?");
  }
}
