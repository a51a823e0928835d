package org.palmares.evaluator.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignedRecordTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static ResultRecord record(double auc) throws Exception {
    return new ResultRecord("breast-cancer-diagnosis", "final", null, "sub_1", 1, "sha256:abc", "builtin 0.1.0",
        "sha256:def", "runsc", "0.1.0", "SUCCEEDED",
        JSON.readTree("{\"publicPart\":{\"metrics\":{\"roc_auc\":{\"value\":" + auc + "}}}}"));
  }

  @Test
  void aSignedRecordVerifiesWithItsSitesKeyAfterTravellingAsJson() throws Exception {
    SiteKey key = SiteKey.generate();
    SignedRecord signed = SignedRecord.sign(record(0.91), key);
    SignedRecord travelled = SignedRecord.parse(signed.toJson());
    ResultRecord verified = travelled.verifiedWith(Signatures.publicKey(key.publicKeyPem()));
    assertThat(verified).isEqualTo(record(0.91));
    assertThat(travelled.key()).isEqualTo(key.keyId()).hasSize(16);
  }

  @Test
  void anotherSitesKeyIsRefusedNamingBothKeys() throws Exception {
    SiteKey site = SiteKey.generate();
    SiteKey other = SiteKey.generate();
    SignedRecord signed = SignedRecord.sign(record(0.91), site);
    assertThatThrownBy(() -> signed.verifiedWith(other.publicKey())).isInstanceOf(ProvenanceException.class)
        .hasMessageContaining(site.keyId()).hasMessageContaining(other.keyId());
    // a forger who relabels its own signature with the site's key id is caught by the signature itself
    SignedRecord forged = SignedRecord.sign(record(0.99), other);
    SignedRecord relabelled = new SignedRecord(forged.payload(), forged.signature(), site.keyId());
    assertThatThrownBy(() -> relabelled.verifiedWith(site.publicKey()))
        .hasMessageContaining("signature does not verify");
  }

  @Test
  void aTamperedPayloadOrSignatureIsRefused() throws Exception {
    SiteKey key = SiteKey.generate();
    SignedRecord signed = SignedRecord.sign(record(0.61), key);
    SignedRecord raised = new SignedRecord(signed.payload().replace("0.61", "0.99"), signed.signature(), signed.key());
    assertThatThrownBy(() -> raised.verifiedWith(key.publicKey())).hasMessageContaining("does not verify");
    SignedRecord garbled = new SignedRecord(signed.payload(), "not base64!", signed.key());
    assertThatThrownBy(() -> garbled.verifiedWith(key.publicKey())).hasMessageContaining("does not verify");
  }

  @Test
  void aPayloadNotInCanonicalFormIsRefusedEvenWhenSigned() throws Exception {
    SiteKey key = SiteKey.generate();
    String spaced = record(0.7).toJson().toPrettyString();
    SignedRecord signed = new SignedRecord(spaced, key.sign(spaced.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        key.keyId());
    assertThatThrownBy(() -> signed.verifiedWith(key.publicKey())).hasMessageContaining("canonical");
  }

  @Test
  void theRecordNamesTheFieldsInWhichItDoesNotDescribeTheReport() throws Exception {
    ResultRecord signed = record(0.61);
    ResultRecord sent = new ResultRecord("breast-cancer-diagnosis", "final", null, "sub_1", 2, "abc", null, null,
        "runsc", null, "SUCCEEDED", JSON.readTree("{\"publicPart\":{\"metrics\":{\"roc_auc\":{\"value\":0.99}}}}"));
    // the image digest with or without its sha256: prefix is the same digest; site-only fields are not compared
    assertThat(signed.disagreementsWith(sent)).containsExactly("attempt", "scores");
  }

  @Test
  void theSiteKeyIsMadeOnceOwnerOnlyAndReadBackTheSame(@TempDir Path data) throws Exception {
    SiteKey made = SiteKey.loadOrCreate(data.resolve("site"));
    Path file = data.resolve("site").resolve(SiteKey.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    SiteKey again = SiteKey.loadOrCreate(data.resolve("site"));
    assertThat(again.keyId()).isEqualTo(made.keyId());
    assertThat(again.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----").isEqualTo(made.publicKeyPem());
    SignedRecord signed = SignedRecord.sign(record(0.5), again);
    assertThat(signed.verifiedWith(Signatures.publicKey(made.publicKeyPem()))).isEqualTo(record(0.5));
  }

  @Test
  void aSiteKeyOthersMayReadIsRefused(@TempDir Path data) throws Exception {
    SiteKey.loadOrCreate(data);
    Files.setPosixFilePermissions(data.resolve(SiteKey.FILE_NAME), PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> SiteKey.loadOrCreate(data)).hasMessageContaining("may be read by others");
  }

  @Test
  void somethingThatIsNotAnEd25519PublicKeyIsRefusedWithASentence() {
    assertThatThrownBy(() -> Signatures.publicKey("hello")).isInstanceOf(ProvenanceException.class)
        .hasMessageContaining("not an Ed25519 public key");
  }
}
