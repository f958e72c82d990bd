package dev.hisam.tokenizer;

import java.util.List;

/**
 * Where each level's codes live in the model's token vocabulary: {@code specials} reserved tokens
 * first (PAD = 0, ...), then one contiguous range per level, then the collision-code range.
 */
public record TokenLayout(int specials, List<Integer> levelSizes, int collisionSize) {
  public TokenLayout {
    levelSizes = List.copyOf(levelSizes);
    if (specials < 0 || collisionSize < 1 || levelSizes.isEmpty()) {
      throw new IllegalArgumentException("specials >= 0, collisionSize >= 1, >= 1 level");
    }
    for (int s : levelSizes) {
      if (s < 1) {
        throw new IllegalArgumentException("level size must be >= 1");
      }
    }
  }

  /** The layout that fits {@code table}: its level sizes and its largest collision code. */
  public static TokenLayout of(SemanticIdTable table, int specials) {
    Integer[] sizes = new Integer[table.levels()];
    for (int l = 0; l < sizes.length; l++) {
      sizes[l] = table.levelSize(l);
    }
    return new TokenLayout(specials, List.of(sizes), table.collisionSize());
  }

  /** First token of {@code level}. */
  public int offset(int level) {
    int off = specials;
    for (int l = 0; l < level; l++) {
      off += levelSizes.get(l);
    }
    return off;
  }

  public int collisionOffset() {
    return offset(levelSizes.size());
  }

  public int vocabularySize() {
    return collisionOffset() + collisionSize;
  }

  public int token(int level, int code) {
    if (code < 0 || code >= levelSizes.get(level)) {
      throw new IllegalArgumentException("code " + code + " out of level " + level);
    }
    return offset(level) + code;
  }

  /** The tokens of {@code item}: its level codes then its collision code. [L + 1] */
  public int[] tokens(SemanticIdTable table, int item) {
    int[] out = new int[levelSizes.size() + 1];
    for (int l = 0; l < levelSizes.size(); l++) {
      out[l] = token(l, table.code(item, l));
    }
    int c = table.collisionCode(item);
    if (c >= collisionSize) {
      throw new IllegalArgumentException("collision code " + c + " beyond layout");
    }
    out[out.length - 1] = collisionOffset() + c;
    return out;
  }

  /** The level of {@code token}: -1 for a special, L for the collision range. */
  public int levelOf(int token) {
    if (token < specials || token >= vocabularySize()) {
      return -1;
    }
    for (int l = 0; l < levelSizes.size(); l++) {
      if (token < offset(l + 1)) {
        return l;
      }
    }
    return levelSizes.size();
  }
}
