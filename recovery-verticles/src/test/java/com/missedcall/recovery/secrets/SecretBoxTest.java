package com.missedcall.recovery.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
  static final byte[] OLD = "old-key-old-key-old-key-old-key!".getBytes(StandardCharsets.US_ASCII);
  static final byte[] NEW = "new-key-new-key-new-key-new-key!".getBytes(StandardCharsets.US_ASCII);
  static final String ROW = SecretBox.twilioAccount("AC" + "1".repeat(32));
  static final String TOKEN = "0123456789abcdef0123456789abcdef";

  final SecretBox old = new SecretBox(SecretKeys.of("k1", OLD, Map.of()));
  final SecretBox rotated = new SecretBox(SecretKeys.of("k2", NEW, Map.of("k1", OLD)));

  @Test
  void aSealedValueOpensToThePlaintextAndHoldsNoneOfIt() {
    String sealed = old.seal(TOKEN, ROW);

    assertThat(sealed).startsWith("enc:v1:k1:").doesNotContain(TOKEN).doesNotContain(TOKEN.substring(28));
    assertThat(old.open(sealed, ROW)).isEqualTo(TOKEN);
  }

  @Test
  void theSamePlaintextSealsDifferentlyEachTime() {
    assertThat(old.seal(TOKEN, ROW)).isNotEqualTo(old.seal(TOKEN, ROW));
  }

  @Test
  void aSealedValueCopiedToAnotherRowDoesNotOpen() {
    String sealed = old.seal(TOKEN, ROW);

    assertThatThrownBy(() -> old.open(sealed, SecretBox.twilioAccount("AC" + "2".repeat(32))))
        .isInstanceOf(SecretUnreadable.class).hasMessageContaining("does not open under key id 'k1'");
  }

  @Test
  void aValueSealedUnderAPreviousKeyOpensAndIsDueForResealing() {
    String sealed = old.seal(TOKEN, ROW);

    assertThat(rotated.open(sealed, ROW)).isEqualTo(TOKEN);
    assertThat(rotated.needsSealing(sealed)).isTrue();
    assertThat(rotated.needsSealing(rotated.seal(TOKEN, ROW))).isFalse();
    assertThat(rotated.seal(TOKEN, ROW)).startsWith("enc:v1:k2:");
  }

  @Test
  void aKeyIdThatIsNotConfiguredIsAClearFailureNamingIt() {
    String sealed = rotated.seal(TOKEN, ROW);

    assertThatThrownBy(() -> old.open(sealed, ROW)).isInstanceOf(SecretUnreadable.class)
        .hasMessageContaining("key id 'k2'").hasMessageContaining("not configured")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void aDifferentKeyUnderTheSameIdIsAClearFailure() {
    SecretBox impostor = new SecretBox(SecretKeys.of("k1", NEW, Map.of()));
    String sealed = old.seal(TOKEN, ROW);

    assertThatThrownBy(() -> impostor.open(sealed, ROW)).isInstanceOf(SecretUnreadable.class)
        .hasMessageContaining("different key");
  }

  @Test
  void anAlteredValueDoesNotOpen() {
    String sealed = old.seal(TOKEN, ROW);
    char last = sealed.charAt(sealed.length() - 2);
    String altered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A') + sealed.charAt(sealed.length() - 1);

    assertThatThrownBy(() -> old.open(altered, ROW)).isInstanceOf(SecretUnreadable.class);
    assertThatThrownBy(() -> old.open("enc:v1:k1:%%%", ROW)).isInstanceOf(SecretUnreadable.class);
    assertThatThrownBy(() -> old.open("enc:v1:k1:AAAA", ROW)).isInstanceOf(SecretUnreadable.class);
  }

  @Test
  void aPlaintextLeftFromBeforeOpensAsItselfAndIsDueForSealing() {
    assertThat(old.open(TOKEN, ROW)).isEqualTo(TOKEN);
    assertThat(old.needsSealing(TOKEN)).isTrue();
    assertThat(old.open(null, ROW)).isNull();
  }

  @Test
  void keysThatAreNot256BitsAreRefusedWithoutQuotingThem() {
    assertThatThrownBy(() -> SecretKeys.decode("c2hvcnQ=")).hasMessageContaining("5 bytes").hasMessageNotContaining("c2hvcnQ");
    assertThatThrownBy(() -> SecretKeys.decode("not base64 at all!")).hasMessage("not base64");
    assertThatThrownBy(() -> SecretKeys.of("k1", OLD, Map.of("k1", NEW))).hasMessageContaining("given twice");
    assertThat(SecretKeys.of("k1", OLD, Map.of()).toString()).doesNotContain("old-key");
  }
}
