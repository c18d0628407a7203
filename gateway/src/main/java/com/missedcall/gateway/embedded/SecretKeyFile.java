package com.missedcall.gateway.embedded;

import com.missedcall.recovery.secrets.SecretKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default's key for secrets at rest: generated once into {@code DATA_DIR/secrets.key}
 * (owner read/write only) and read again at every start, next to the embedded database it protects.
 * Blocking file work: the caller runs it off the event loop.
 */
public final class SecretKeyFile {
  private static final Logger LOG = LoggerFactory.getLogger(SecretKeyFile.class);
  public static final String FILE_NAME = "secrets.key";
  /** The key id the generated key is sealed under. */
  public static final String KEY_ID = "local";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private SecretKeyFile() {}

  public static SecretKeys loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(file)) {
        create(file);
      }
      if (posix(file)) {
        Files.setPosixFilePermissions(file, OWNER_ONLY);
      }
      byte[] key = SecretKeys.decode(Files.readString(file, StandardCharsets.US_ASCII));
      return SecretKeys.of(KEY_ID, key, Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or create the secrets key " + file.toAbsolutePath(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the secrets key " + file.toAbsolutePath() + " is not valid: " + e.getMessage(), e);
    }
  }

  private static void create(Path file) throws IOException {
    byte[] key = new byte[SecretKeys.KEY_BYTES];
    new SecureRandom().nextBytes(key);
    byte[] text = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    Files.deleteIfExists(tmp);
    if (posix(file.getParent())) {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } else {
      Files.createFile(tmp);
    }
    Files.write(tmp, text, StandardOpenOption.TRUNCATE_EXISTING);
    try {
      // never over a key another start made meanwhile: that key may already seal something
      Files.createLink(file, tmp);
      LOG.atInfo().addKeyValue("file", file.toAbsolutePath()).log("secrets key generated for the embedded default");
    } catch (FileAlreadyExistsException e) {
      // someone else's key won
    } catch (UnsupportedOperationException e) {
      Files.move(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
