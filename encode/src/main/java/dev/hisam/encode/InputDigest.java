package dev.hisam.encode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Incremental SHA-256 over typed values; every value is length- or tag-prefixed so that different
 * sequences never hash alike ("ab","c" vs "a","bc"; null vs "").
 */
public final class InputDigest {
  private final MessageDigest md;

  public InputDigest() {
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public InputDigest add(String s) {
    if (s == null) {
      md.update((byte) 0);
      return this;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    md.update((byte) 1);
    add(b.length);
    md.update(b);
    return this;
  }

  public InputDigest add(long v) {
    md.update(ByteBuffer.allocate(8).putLong(v).array());
    return this;
  }

  public InputDigest add(int[] values) {
    if (values == null) {
      md.update((byte) 0);
      return this;
    }
    md.update((byte) 1);
    add(values.length);
    ByteBuffer buf = ByteBuffer.allocate(4 * values.length);
    for (int v : values) {
      buf.putInt(v);
    }
    md.update(buf.array());
    return this;
  }

  public InputDigest addBytes(byte[] bytes) {
    add(bytes.length);
    md.update(bytes);
    return this;
  }

  /** Hex SHA-256 of everything added; the digest cannot be used afterwards. */
  public String hex() {
    return HexFormat.of().formatHex(md.digest());
  }
}
