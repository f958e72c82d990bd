package dev.hisam.hmat;

import dev.hisam.tokenizer.SemanticIdTable;
import dev.hisam.tokenizer.TokenLayout;

/**
 * The tokens HMAT reads and writes, derived from a {@link SemanticIdTable}: {@link #PAD} and {@link
 * #ANCHOR} first, then one token range per level (level-specific code embeddings), then the
 * collision-code range. The collision code is decoded as one more level when the table has
 * collisions, so every complete SID names exactly one item; without collisions it is left out.
 */
public final class SidVocabulary {
  /** Padding token (never a target, never attended to). */
  public static final int PAD = 0;

  /** The learned anchor token closing every item under the anchor layout. */
  public static final int ANCHOR = 1;

  private final SemanticIdTable table;
  private final TokenLayout layout;
  private final int levels;
  private final int[] offsets;
  private final int[] sizes;
  private final int[][] codes; // [items, levels]

  public SidVocabulary(SemanticIdTable table) {
    this.table = table;
    this.layout = TokenLayout.of(table, 2);
    this.levels = table.levels() + (table.collisionSize() > 1 ? 1 : 0);
    offsets = new int[levels];
    sizes = new int[levels];
    for (int l = 0; l < levels; l++) {
      boolean collision = l == table.levels();
      offsets[l] = collision ? layout.collisionOffset() : layout.offset(l);
      sizes[l] = collision ? table.collisionSize() : table.levelSize(l);
    }
    codes = new int[table.items()][levels];
    for (int i = 0; i < table.items(); i++) {
      for (int l = 0; l < levels; l++) {
        codes[i][l] = l == table.levels() ? table.collisionCode(i) : table.code(i, l);
      }
    }
  }

  public SemanticIdTable table() {
    return table;
  }

  /** Catalogue size. */
  public int items() {
    return codes.length;
  }

  /** Decoded levels per item: the table's levels, plus one when it has collision codes. */
  public int levels() {
    return levels;
  }

  /** Codes at {@code level}. */
  public int levelSize(int level) {
    return sizes[level];
  }

  /** First token of {@code level}. */
  public int levelOffset(int level) {
    return offsets[level];
  }

  /** Number of token ids (specials included). */
  public int size() {
    return layout.vocabularySize();
  }

  /** Code of {@code item} at {@code level}. */
  public int code(int item, int level) {
    return codes[item][level];
  }

  /** The decoded codes of {@code item} (a copy). [levels] */
  public int[] codes(int item) {
    return codes[item].clone();
  }

  public int token(int level, int code) {
    return offsets[level] + code;
  }
}
