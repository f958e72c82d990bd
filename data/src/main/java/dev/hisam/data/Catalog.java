package dev.hisam.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** The items of a dataset: ItemId (dense, 0-based, the index) to ItemKey (the source id string). */
public final class Catalog {
  private final List<String> keys;
  private final Map<String, Integer> ids;

  public Catalog(List<String> keys) {
    this.keys = List.copyOf(keys);
    this.ids = new HashMap<>(keys.size() * 2);
    for (int i = 0; i < keys.size(); i++) {
      if (ids.put(keys.get(i), i) != null) {
        throw new IllegalArgumentException("duplicate item key " + keys.get(i));
      }
    }
  }

  public int size() {
    return keys.size();
  }

  public String key(int itemId) {
    return keys.get(itemId);
  }

  public List<String> keys() {
    return keys;
  }

  public OptionalInt idOf(String key) {
    Integer id = ids.get(key);
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }
}
