package dev.hisam.hmat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The catalogue's semantic IDs as a prefix tree over decoded levels: node 0 is the root, the
 * children of a node at depth {@code l} are the level-{@code l} codes some item continues its
 * prefix with, and a node at depth {@code levels} names exactly one item (the collision code tells
 * items with equal level codes apart). Immutable; children are stored in ascending code order.
 */
public final class PrefixTrie {
  private final int levels;
  private final int[] childStart; // [nodes + 1] CSR offsets into childCode/childNode
  private final int[] childCode;
  private final int[] childNode;
  private final int[] item; // [nodes] the item of a leaf, -1 for inner nodes
  private final int[] onlyLeaf; // [nodes] the leaf of a subtree that holds one item, else -1

  public PrefixTrie(SidVocabulary vocab) {
    levels = vocab.levels();
    List<TreeMap<Integer, Integer>> children = new ArrayList<>();
    List<Integer> items = new ArrayList<>();
    children.add(new TreeMap<>());
    items.add(-1);
    for (int i = 0; i < vocab.items(); i++) {
      int node = 0;
      for (int l = 0; l < levels; l++) {
        int code = vocab.code(i, l);
        Integer next = children.get(node).get(code);
        if (next == null) {
          next = children.size();
          children.get(node).put(code, next);
          children.add(new TreeMap<>());
          items.add(-1);
        }
        node = next;
      }
      if (items.get(node) != -1) {
        throw new IllegalArgumentException(
            "items " + items.get(node) + " and " + i + " have the same semantic ID");
      }
      items.set(node, i);
    }
    int nodes = children.size();
    childStart = new int[nodes + 1];
    for (int n = 0; n < nodes; n++) {
      childStart[n + 1] = childStart[n] + children.get(n).size();
    }
    childCode = new int[childStart[nodes]];
    childNode = new int[childStart[nodes]];
    item = new int[nodes];
    for (int n = 0; n < nodes; n++) {
      int at = childStart[n];
      for (var e : children.get(n).entrySet()) {
        childCode[at] = e.getKey();
        childNode[at] = e.getValue();
        at++;
      }
      item[n] = items.get(n);
    }
    onlyLeaf = new int[nodes];
    for (int n = nodes - 1; n >= 0; n--) { // children are numbered after their parents
      int count = childCount(n);
      onlyLeaf[n] = item[n] >= 0 ? n : count == 1 ? onlyLeaf[child(n, 0)] : -1;
    }
  }

  /** The root node. */
  public int root() {
    return 0;
  }

  public int levels() {
    return levels;
  }

  public int nodes() {
    return item.length;
  }

  /** Number of children of {@code node}. */
  public int childCount(int node) {
    return childStart[node + 1] - childStart[node];
  }

  /** Code of the {@code i}-th child (ascending). */
  public int childCode(int node, int i) {
    return childCode[childStart[node] + i];
  }

  /** Node of the {@code i}-th child. */
  public int child(int node, int i) {
    return childNode[childStart[node] + i];
  }

  /** The child of {@code node} reached by {@code code}, or -1 when no item continues so. */
  public int next(int node, int code) {
    int lo = childStart[node];
    int hi = childStart[node + 1] - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = childCode[mid];
      if (c == code) {
        return childNode[mid];
      }
      if (c < code) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return -1;
  }

  /**
   * The leaf below {@code node} when its subtree holds exactly one item ({@code node} itself for a
   * leaf), else -1: from such a node every further level has one allowed code.
   */
  public int onlyLeaf(int node) {
    return onlyLeaf[node];
  }

  /** The item of a leaf node, -1 for an inner node. */
  public int item(int node) {
    return item[node];
  }
}
