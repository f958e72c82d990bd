package dev.hisam.data;

import dev.hisam.core.Hashing;
import dev.hisam.core.InputException;
import dev.hisam.data.source.ItemJson;
import dev.hisam.data.source.MovieTable;
import dev.hisam.data.source.RatingTable;
import dev.hisam.data.source.SequenceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads one of the known datasets from its source files under the data root into a {@link Dataset}:
 * dense ItemIds and user indices in numeric order of the source ids, the k-core filter applied to
 * the sequences (the catalogue keeps every item), exact duplicate rating rows dropped, and every
 * input file hashed.
 */
public final class DatasetLoader {
  /** Where the movielens positives and ratings are read from (TSV; Parquet works too). */
  static final List<String> MOVIELENS_POSITIVES =
      List.of(
          "candidate_gen_data/train_positives.tsv",
          "candidate_gen_data/val_positives.tsv",
          "candidate_gen_data/test_positives.tsv");

  static final List<String> MOVIELENS_RATINGS =
      List.of("splits/val_ratings.tsv", "splits/test_ratings.tsv");

  private DatasetLoader() {}

  /** Told what the loader is doing (e.g. for a CLI progress line); library code never prints. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = stage -> {};

    /** A new stage begins, e.g. "read amazon-beauty/Beauty.txt". */
    void stage(String description);
  }

  /** Loads the configured dataset. */
  public static Dataset load(DataConfig config) {
    return load(config, Progress.NONE);
  }

  /** Loads the configured dataset, reporting each stage to {@code progress}. */
  public static Dataset load(DataConfig config, Progress progress) {
    Path root = config.rootPath();
    return switch (config.dataset()) {
      case BEAUTY ->
          loadSequenceDataset(
              "beauty",
              root,
              DatasetKind.BEAUTY.folder(),
              "Beauty.txt",
              "Beauty_item2attributes.json",
              "datamaps.json",
              null,
              config.kcore(),
              progress);
      case YELP ->
          loadSequenceDataset(
              "yelp",
              root,
              DatasetKind.YELP.folder(),
              "Yelp.txt",
              "Yelp_item2attributes.json",
              "datamaps.json",
              "Yelp.item.json",
              config.kcore(),
              progress);
      case MOVIELENS ->
          loadMovielens(
              root,
              DatasetKind.MOVIELENS.folder(),
              MOVIELENS_POSITIVES,
              MOVIELENS_RATINGS,
              config.kcore(),
              progress);
    };
  }

  /**
   * A P5 / S3-Rec style dataset: a sequence file, an attribute file, {@code datamaps.json} ({@code
   * id2item}: source item id to ItemKey) and optionally a LETTER-style text file whose 0-based key
   * k is source item k+1.
   */
  static Dataset loadSequenceDataset(
      String name,
      Path root,
      String folder,
      String sequenceFile,
      String attributeFile,
      String datamapsFile,
      String textFile,
      int kcore,
      Progress progress) {
    Path dir = root.resolve(folder);
    Map<String, String> hashes = new TreeMap<>();

    Path datamaps = dir.resolve(datamapsFile);
    progress.stage("read " + folder + "/" + datamapsFile);
    Map<String, String> id2item = ItemJson.section(datamaps, "id2item");
    hashes.put(folder + "/" + datamapsFile, Hashing.sha256(datamaps));
    for (String id : id2item.keySet()) {
      if (!isInt(id)) {
        throw new InputException(datamaps, 0, "id2item." + id, "item id is not an integer");
      }
    }
    List<String> sourceIds = DenseIndex.order(id2item.keySet());
    Map<Integer, Integer> itemOf = new HashMap<>(sourceIds.size() * 2);
    List<String> keys = new ArrayList<>(sourceIds.size());
    for (String id : sourceIds) {
      itemOf.put(Integer.parseInt(id), keys.size());
      keys.add(id2item.get(id));
    }
    Catalog catalog;
    try {
      catalog = new Catalog(keys);
    } catch (IllegalArgumentException e) {
      throw new InputException(datamaps, 0, "id2item", e.getMessage());
    }

    Path seqPath = dir.resolve(sequenceFile);
    progress.stage("read " + folder + "/" + sequenceFile);
    SequenceFile seq = SequenceFile.read(seqPath);
    hashes.put(folder + "/" + sequenceFile, Hashing.sha256(seqPath));
    Map<Integer, Integer> userRow = new HashMap<>(seq.size() * 2);
    List<String> userIds = new ArrayList<>(seq.size());
    long sourceInteractions = 0;
    int[][] mapped = new int[seq.size()][];
    for (int r = 0; r < seq.size(); r++) {
      if (userRow.put(seq.users()[r], r) != null) {
        throw new InputException(
            seqPath, seq.lines()[r], SequenceFile.USER_FIELD, "duplicate user " + seq.users()[r]);
      }
      userIds.add(Integer.toString(seq.users()[r]));
      int[] src = seq.items()[r];
      int[] row = new int[src.length];
      for (int j = 0; j < src.length; j++) {
        Integer id = itemOf.get(src[j]);
        if (id == null) {
          throw new InputException(
              seqPath,
              seq.lines()[r],
              SequenceFile.ITEM_FIELD,
              "unknown item "
                  + src[j]
                  + " (column "
                  + (j + 2)
                  + "; not in "
                  + datamapsFile
                  + " id2item)");
        }
        row[j] = id;
      }
      mapped[r] = row;
      sourceInteractions += row.length;
    }
    // users in numeric order of their source ids
    List<String> userOrder = DenseIndex.order(userIds);
    int[][] sequences = new int[userOrder.size()][];
    for (int u = 0; u < userOrder.size(); u++) {
      sequences[u] = mapped[userRow.get(Integer.parseInt(userOrder.get(u)))];
    }

    progress.stage("k-core filter (k = " + kcore + ")");
    Filtered f = filter(sequences, null, catalog.size(), kcore, userOrder, Set.of());

    int[][] attributes = new int[catalog.size()][];
    Arrays.fill(attributes, new int[0]);
    Path attrPath = dir.resolve(attributeFile);
    progress.stage("read " + folder + "/" + attributeFile);
    Map<String, int[]> attrs = ItemJson.attributes(attrPath);
    hashes.put(folder + "/" + attributeFile, Hashing.sha256(attrPath));
    for (Map.Entry<String, int[]> e : attrs.entrySet()) {
      attributes[itemIdOf(attrPath, e.getKey(), 0, itemOf)] = e.getValue();
    }
    String[] text = new String[catalog.size()];
    if (textFile != null) {
      Path textPath = dir.resolve(textFile);
      progress.stage("read " + folder + "/" + textFile);
      Map<String, ItemJson.ItemText> texts = ItemJson.texts(textPath);
      hashes.put(folder + "/" + textFile, Hashing.sha256(textPath));
      for (Map.Entry<String, ItemJson.ItemText> e : texts.entrySet()) {
        // LETTER ids are 0-based: key k is source item k + 1
        text[itemIdOf(textPath, e.getKey(), 1, itemOf)] = e.getValue().joined();
      }
    }
    ItemContent content = new ItemContent(text, attributes, new Path[catalog.size()]);
    return new Dataset(
        name,
        catalog,
        f.userKeys,
        f.sequences,
        null,
        null,
        content,
        hashes,
        new IngestSummary(
            kcore,
            sourceInteractions,
            0,
            0,
            f.usersRemoved,
            f.itemsRemoved,
            f.interactionsRemoved));
  }

  /**
   * MovieLens-1M (multimodal version): {@code movies.dat} is the catalogue (text "Title (Year) |
   * Genre, Genre", poster {@code MovieImages/<id>.jpg}); positives tables concatenated in the given
   * order, grouped by user and sorted by (timestamp, concatenated file order); rating tables
   * concatenated in order.
   */
  static Dataset loadMovielens(
      Path root,
      String folder,
      List<String> positives,
      List<String> ratingFiles,
      int kcore,
      Progress progress) {
    Path dir = root.resolve(folder);
    Map<String, String> hashes = new TreeMap<>();
    Path moviesPath = dir.resolve("MovieData/movies.dat");
    progress.stage("read " + folder + "/MovieData/movies.dat");
    MovieTable movies = MovieTable.read(moviesPath);
    hashes.put(folder + "/MovieData/movies.dat", Hashing.sha256(moviesPath));
    Map<String, Integer> rowOfMovie = new HashMap<>();
    List<String> movieIds = new ArrayList<>();
    for (int i = 0; i < movies.size(); i++) {
      String id = Integer.toString(movies.ids()[i]);
      if (rowOfMovie.put(id, i) != null) {
        throw new InputException(moviesPath, 0, "movie_id", "duplicate movie id " + id);
      }
      movieIds.add(id);
    }
    List<String> keys = DenseIndex.order(movieIds);
    Catalog catalog = new Catalog(keys);
    Map<Integer, Integer> itemOf = new HashMap<>(keys.size() * 2);
    String[] text = new String[keys.size()];
    int[][] attributes = new int[keys.size()][];
    Arrays.fill(attributes, new int[0]);
    Path[] images = new Path[keys.size()];
    Path imageDir = dir.resolve("MovieImages");
    progress.stage("list and hash " + folder + "/MovieImages");
    Set<String> imageFiles = listFiles(imageDir);
    List<String> imageNames = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      itemOf.put(Integer.parseInt(keys.get(i)), i);
      text[i] = movies.text(rowOfMovie.get(keys.get(i)));
      String file = keys.get(i) + ".jpg";
      if (imageFiles.contains(file)) {
        images[i] = imageDir.resolve(file);
        imageNames.add(file);
      }
    }
    if (!imageNames.isEmpty()) {
      hashes.put(folder + "/MovieImages/", hashListing(imageDir, imageNames));
    }

    // positives: concatenated, exact duplicates dropped, grouped by user, stable-sorted by time
    List<RatingTable> tables = new ArrayList<>();
    for (String p : positives) {
      Path path = table(dir, p);
      progress.stage("read " + folder + "/" + p);
      tables.add(RatingTable.read(path));
      hashes.put(
          folder + "/" + dir.relativize(path).toString().replace('\\', '/'), Hashing.sha256(path));
    }
    Rows pos = concat(tables, itemOf);
    Map<Integer, List<Integer>> byUser = new HashMap<>();
    for (int r = 0; r < pos.size; r++) {
      byUser.computeIfAbsent(pos.user[r], x -> new ArrayList<>()).add(r);
    }
    List<String> seqUsers = new ArrayList<>();
    for (int u : byUser.keySet()) {
      seqUsers.add(Integer.toString(u));
    }
    seqUsers = DenseIndex.order(seqUsers);
    int[][] sequences = new int[seqUsers.size()][];
    long[][] times = new long[seqUsers.size()][];
    for (int u = 0; u < seqUsers.size(); u++) {
      List<Integer> rows = byUser.get(Integer.parseInt(seqUsers.get(u)));
      // rows are in concatenated file order; a stable sort by timestamp keeps it for ties
      Integer[] order = rows.toArray(new Integer[0]);
      Arrays.sort(order, (a, b) -> Long.compare(pos.timestamp[a], pos.timestamp[b]));
      sequences[u] = new int[order.length];
      times[u] = new long[order.length];
      for (int j = 0; j < order.length; j++) {
        sequences[u][j] = pos.item[order[j]];
        times[u][j] = pos.timestamp[order[j]];
      }
    }

    // ratings: concatenated in file order
    List<RatingTable> ratingTables = new ArrayList<>();
    for (String p : ratingFiles) {
      Path path = table(dir, p);
      progress.stage("read " + folder + "/" + p);
      ratingTables.add(RatingTable.read(path));
      hashes.put(
          folder + "/" + dir.relativize(path).toString().replace('\\', '/'), Hashing.sha256(path));
    }
    Rows rat = concat(ratingTables, itemOf);
    Set<String> ratingUsers = new HashSet<>();
    for (int r = 0; r < rat.size; r++) {
      ratingUsers.add(Integer.toString(rat.user[r]));
    }

    progress.stage("k-core filter (k = " + kcore + ")");
    Filtered f = filter(sequences, times, catalog.size(), kcore, seqUsers, ratingUsers);
    Map<String, Integer> userIndex = new HashMap<>(f.userKeys.size() * 2);
    for (int u = 0; u < f.userKeys.size(); u++) {
      userIndex.put(f.userKeys.get(u), u);
    }
    int[] ru = new int[rat.size];
    for (int r = 0; r < rat.size; r++) {
      ru[r] = userIndex.get(Integer.toString(rat.user[r]));
    }
    Ratings ratings =
        new Ratings(
            ru,
            Arrays.copyOf(rat.item, rat.size),
            Arrays.copyOf(rat.rating, rat.size),
            Arrays.copyOf(rat.timestamp, rat.size));
    return new Dataset(
        "movielens",
        catalog,
        f.userKeys,
        f.sequences,
        f.times,
        ratings,
        new ItemContent(text, attributes, images),
        hashes,
        new IngestSummary(
            kcore,
            pos.sourceRows,
            pos.duplicates,
            rat.duplicates,
            f.usersRemoved,
            f.itemsRemoved,
            f.interactionsRemoved));
  }

  /** Rows of several rating tables, concatenated, items mapped, exact duplicates dropped. */
  private static final class Rows {
    int size;
    long sourceRows;
    long duplicates;
    int[] user;
    int[] item;
    byte[] rating;
    long[] timestamp;
  }

  private record RowKey(int user, int item, long timestamp) {}

  private static Rows concat(List<RatingTable> tables, Map<Integer, Integer> itemOf) {
    int total = 0;
    for (RatingTable t : tables) {
      total += t.size();
    }
    Rows rows = new Rows();
    rows.user = new int[total];
    rows.item = new int[total];
    rows.rating = new byte[total];
    rows.timestamp = new long[total];
    Set<RowKey> seen = new HashSet<>(total * 2);
    for (RatingTable t : tables) {
      for (int r = 0; r < t.size(); r++) {
        rows.sourceRows++;
        Integer id = itemOf.get(t.item()[r]);
        if (id == null) {
          throw new InputException(
              t.file(),
              t.lines()[r],
              t.itemColumn(),
              "unknown item " + t.item()[r] + " (not in movies.dat)");
        }
        if (!seen.add(new RowKey(t.user()[r], id, t.timestamp()[r]))) {
          rows.duplicates++;
          continue;
        }
        int n = rows.size++;
        rows.user[n] = t.user()[r];
        rows.item[n] = id;
        rows.rating[n] = t.rating()[r];
        rows.timestamp[n] = t.timestamp()[r];
      }
    }
    return rows;
  }

  /** Sequences after the k-core filter, with the users kept. */
  private record Filtered(
      List<String> userKeys,
      int[][] sequences,
      long[][] times,
      int usersRemoved,
      int itemsRemoved,
      long interactionsRemoved) {}

  /**
   * Applies the k-core filter; users whose sequence it empties are dropped unless they are in
   * {@code alsoKeep} (users with ratings), who stay with an empty sequence. The user list is then
   * re-sorted into dense order.
   */
  private static Filtered filter(
      int[][] sequences,
      long[][] times,
      int numItems,
      int kcore,
      List<String> users,
      Set<String> alsoKeep) {
    KCore.Result core = KCore.compute(sequences, numItems, kcore);
    boolean[] hadItem = new boolean[numItems];
    for (int[] s : sequences) {
      for (int i : s) {
        hadItem[i] = true;
      }
    }
    int itemsRemoved = 0;
    for (int i = 0; i < numItems; i++) {
      if (hadItem[i] && !core.keepItem()[i]) {
        itemsRemoved++;
      }
    }
    Map<String, int[]> seqOf = new HashMap<>();
    Map<String, long[]> timeOf = new HashMap<>();
    long removed = 0;
    int usersRemoved = 0;
    for (int u = 0; u < sequences.length; u++) {
      int[] s = sequences[u];
      int n = 0;
      if (core.keepUser()[u]) {
        for (int i : s) {
          if (core.keepItem()[i]) {
            n++;
          }
        }
      }
      removed += s.length - n;
      if (n == 0) {
        usersRemoved++;
        continue;
      }
      int[] kept = new int[n];
      long[] keptT = times == null ? null : new long[n];
      int k = 0;
      for (int j = 0; j < s.length; j++) {
        if (core.keepItem()[s[j]]) {
          if (keptT != null) {
            keptT[k] = times[u][j];
          }
          kept[k++] = s[j];
        }
      }
      seqOf.put(users.get(u), kept);
      if (keptT != null) {
        timeOf.put(users.get(u), keptT);
      }
    }
    Set<String> all = new HashSet<>(seqOf.keySet());
    all.addAll(alsoKeep);
    List<String> order = DenseIndex.order(all);
    int[][] outSeq = new int[order.size()][];
    long[][] outT = times == null ? null : new long[order.size()][];
    for (int u = 0; u < order.size(); u++) {
      outSeq[u] = seqOf.getOrDefault(order.get(u), new int[0]);
      if (outT != null) {
        outT[u] = timeOf.getOrDefault(order.get(u), new long[0]);
      }
    }
    return new Filtered(order, outSeq, outT, usersRemoved, itemsRemoved, removed);
  }

  /** The table at {@code name}, or its {@code .parquet} sibling when only that one exists. */
  static Path table(Path dir, String name) {
    Path tsv = dir.resolve(name);
    if (!Files.exists(tsv) && name.endsWith(".tsv")) {
      Path parquet = dir.resolve(name.substring(0, name.length() - 4) + ".parquet");
      if (Files.exists(parquet)) {
        return parquet;
      }
    }
    return tsv;
  }

  private static int itemIdOf(Path file, String key, int offset, Map<Integer, Integer> itemOf) {
    if (!isInt(key)) {
      throw new InputException(file, 0, key, "item id is not an integer");
    }
    Integer id = itemOf.get(Integer.parseInt(key) + offset);
    if (id == null) {
      throw new InputException(
          file,
          0,
          key,
          "unknown item "
              + key
              + (offset == 0 ? "" : " (= source item " + (Integer.parseInt(key) + offset) + ")"));
    }
    return id;
  }

  private static boolean isInt(String s) {
    if (!DenseIndex.isInteger(s) || s.length() > 10) {
      return false;
    }
    long v = Long.parseLong(s);
    return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
  }

  private static Set<String> listFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      Set<String> out = new HashSet<>();
      s.forEach(p -> out.add(p.getFileName().toString()));
      return out;
    } catch (IOException e) {
      throw InputException.ofFile(dir, "cannot list image folder: " + e.getMessage());
    }
  }

  /** SHA-256 of "name sha256\n" lines of the given files, in the given order. */
  private static String hashListing(Path dir, List<String> names) {
    StringBuilder sb = new StringBuilder();
    for (String n : names) {
      sb.append(n).append(' ').append(Hashing.sha256(dir.resolve(n))).append('\n');
    }
    return Hashing.sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
  }
}
