package org.jss.serve;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * One night's freelancer explanations in memory, compressed in blocks of {@link #BLOCK} documents: the
 * documents of a block share their keys and phrasing, so a block compresses several times better than
 * each document alone, and compressing few large blocks costs a fraction of many small ones (at 1,000,000
 * freelancers: about 800 MB of JSON held in about a tenth of that). Reading one explanation inflates its
 * block (tens of microseconds). Built by one thread, then read by many.
 */
final class ExplanationStore {
  static final int BLOCK = 64;

  private final Map<String, Integer> numbers;
  private final List<byte[]> blocks;
  /** Per block, where each document starts in the inflated block, and where the block ends. */
  private final List<int[]> starts;

  private ExplanationStore(Map<String, Integer> numbers, List<byte[]> blocks, List<int[]> starts) {
    this.numbers = numbers;
    this.blocks = blocks;
    this.starts = starts;
  }

  int size() {
    return numbers.size();
  }

  /** Bytes of the compressed blocks. */
  long compressedBytes() {
    long n = 0;
    for (byte[] b : blocks) {
      n += b.length;
    }
    return n;
  }

  boolean contains(String id) {
    return numbers.containsKey(id);
  }

  /** The explanation of {@code id}, exactly as added. */
  Optional<String> get(String id) {
    Integer n = numbers.get(id);
    if (n == null) {
      return Optional.empty();
    }
    int b = n / BLOCK;
    int[] s = starts.get(b);
    byte[] plain = new byte[s[s.length - 1]];
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(blocks.get(b));
      int off = 0;
      while (off < plain.length) {
        int got = inflater.inflate(plain, off, plain.length - off);
        if (got == 0 && (inflater.finished() || inflater.needsInput())) {
          break;
        }
        off += got;
      }
    } catch (DataFormatException e) {
      throw new IllegalStateException("explanation block " + b + " is corrupt", e);
    } finally {
      inflater.end();
    }
    int i = n % BLOCK;
    return Optional.of(new String(plain, s[i], s[i + 1] - s[i], StandardCharsets.UTF_8));
  }

  /** Adds documents in order, compressing each full block. */
  static final class Builder {
    private final Map<String, Integer> numbers = new HashMap<>();
    private final List<byte[]> blocks = new ArrayList<>();
    private final List<int[]> starts = new ArrayList<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(BLOCK * 1024);
    private final int[] pendingStarts = new int[BLOCK + 1];
    private int inBlock;
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private byte[] out = new byte[BLOCK * 1024];

    void add(String id, String json) {
      if (numbers.putIfAbsent(id, numbers.size()) != null) {
        throw new IllegalStateException("two explanations for freelancer " + id);
      }
      pendingStarts[inBlock] = pending.size();
      pending.writeBytes(json.getBytes(StandardCharsets.UTF_8));
      inBlock++;
      if (inBlock == BLOCK) {
        flush();
      }
    }

    private void flush() {
      if (inBlock == 0) {
        return;
      }
      pendingStarts[inBlock] = pending.size();
      byte[] plain = pending.toByteArray();
      deflater.reset();
      deflater.setInput(plain);
      deflater.finish();
      if (out.length < plain.length + 64) {
        out = new byte[plain.length + 64];
      }
      int n = 0;
      while (!deflater.finished()) {
        if (n == out.length) {
          out = java.util.Arrays.copyOf(out, out.length * 2);
        }
        n += deflater.deflate(out, n, out.length - n);
      }
      blocks.add(java.util.Arrays.copyOf(out, n));
      starts.add(java.util.Arrays.copyOf(pendingStarts, inBlock + 1));
      pending.reset();
      inBlock = 0;
    }

    ExplanationStore build() {
      flush();
      deflater.end();
      return new ExplanationStore(numbers, blocks, starts);
    }
  }
}
