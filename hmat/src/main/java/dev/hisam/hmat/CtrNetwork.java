package dev.hisam.hmat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.hisam.core.nd.NdOps;
import dev.hisam.eval.UserFeedback;
import dev.hisam.model.sasrec.Linear;
import dev.hisam.model.sasrec.Parameters;
import java.util.SplittableRandom;

/**
 * HMAT (or the flat baseline, or the item-ID transformer) with the CTR head of DESIGN.md section
 * 2.2: the candidate item's tokens (its codes, then the anchor under the anchor layout) follow the
 * user's history, and {@code σ(MLP(h))} of the candidate's last token is the click probability.
 *
 * <p>The history is encoded once per user ({@link Hmat#encode}: the anchors' keys and values under
 * HMAT, every token's under the flat layout) and every candidate of that user is decoded against
 * it, in training batches as in scoring. In training, the candidates of one user share one window
 * of the user's positive sequence and each sees only the items before its own interaction ({@code
 * visible}); its rotary item position is the slot right after the last item it sees, so it reads
 * its history exactly as scoring that history alone would (up to the window's start).
 *
 * <p>Owns its parameters' native memory: close it.
 */
public final class CtrNetwork implements AutoCloseable {
  private final Hmat net;
  private final boolean candidateSkip;
  private final NDArray itemIds; // [items, D] or null
  private final boolean historyItemIds; // itemIds also enter the transformer
  private final float[][] contentRows; // [items][C] or null, fixed (not trained)
  private final NDArray content; // [items, C] or null
  private final Linear contentProjection; // C -> D or null
  private final boolean historyPool; // the head also reads the mean of the history's codes
  private final Linear hidden; // D (2D with the candidate skip, +D with the pool, +2 feedback) -> D
  private final Linear out; // D -> 1
  private final Linear feedback; // 2 -> 1 (the user's earlier feedback), or null
  private final boolean feedbackInHead; // the hidden layer's input also holds the 2 features

  /**
   * What the head reads beside the candidate's last hidden state, and what enters the history.
   *
   * @param candidateSkip the head reads {@code [h; Σ_l e(c_l)]}: the candidate's last hidden state
   *     beside the sum of its code embeddings (the same table the transformer reads), so the
   *     candidate's identity reaches the head directly and not only through attention
   * @param itemIds the head's second input also adds a learned per-item embedding of the candidate
   *     (a SID + ID hybrid: items seen in training get their own parameters, a new item's stays
   *     near its small initial value and its codes carry it)
   * @param historyItemIds (requires {@code itemIds}) the same per-item embedding is also added to
   *     the input of the last token (the anchor under HMAT) of every history item and of the
   *     candidate, so attention matches items by identity as well as by codes
   * @param historyPool the head also reads the mean, over the history items the candidate sees, of
   *     each item's summed code embeddings (DIN's sum-pooled user interest beside the target
   *     attention): a candidate-independent view of the user that gives the logit a per-user offset
   *     without going through attention; a server caches it with the anchors ({@link
   *     #encodeHistory})
   * @param userFeedback the logit also adds a learned linear function of the user's earlier
   *     feedback ({@link UserFeedback}, read as {@link #feedbackFeatures}), a per-user offset the
   *     positives-only history cannot give; every scoring call must then pass the feedback
   * @param feedbackInHead the head's hidden layer also reads the feedback features (appended to its
   *     input), so that the feedback can interact with the candidate and the history, not only
   *     shift the logit (needs {@code userFeedback})
   */
  public record Head(
      boolean candidateSkip,
      boolean itemIds,
      boolean historyItemIds,
      boolean historyPool,
      boolean userFeedback,
      boolean feedbackInHead) {
    /** The candidate's last hidden state only. */
    public static final Head NONE = new Head(false, false, false, false, false, false);

    public Head {
      if (historyItemIds && !itemIds) {
        throw new IllegalArgumentException("historyItemIds needs itemIds");
      }
      if (feedbackInHead && !userFeedback) {
        throw new IllegalArgumentException("feedbackInHead needs userFeedback");
      }
    }

    /** The head a training config asks for. */
    public static Head of(CtrTrainConfig c) {
      return new Head(
          c.candidateSkip(),
          c.itemIds(),
          c.historyItemIds(),
          c.historyPool(),
          c.userFeedback(),
          c.feedbackInHead());
    }
  }

  /** A freshly initialised network with the plain head (same stream, same weights). */
  public CtrNetwork(HmatConfig config, SidVocabulary vocab, SplittableRandom random) {
    this(config, vocab, Head.NONE, null, random);
  }

  /**
   * A freshly initialised network (same stream, same weights).
   *
   * @param head what the head reads beside the candidate's last hidden state
   * @param content when not null, one fixed content vector per item (e.g. the text and image
   *     embeddings); the head's second input also adds a learned projection of the candidate's
   *     vector, so a new item is scored from its full content and not only from its codes
   */
  public CtrNetwork(
      HmatConfig config,
      SidVocabulary vocab,
      Head head,
      float[][] content,
      SplittableRandom random) {
    if (config.historyItemIds()) {
      throw new IllegalArgumentException(
          "the CTR network adds item IDs to histories itself: set ctr.train.itemIds and"
              + " ctr.train.historyItemIds, not ctr.train.model.historyItemIds");
    }
    net = new Hmat(config, vocab, random);
    this.candidateSkip = head.candidateSkip();
    this.historyItemIds = head.historyItemIds();
    this.historyPool = head.historyPool();
    boolean itemIds = head.itemIds();
    try {
      this.itemIds =
          itemIds
              ? net.parameters()
                  .normal(
                      "ctr.itemIds",
                      new Shape(vocab.items(), config.dim()),
                      config.initStd(),
                      random,
                      false)
              : null;
      this.contentRows = content;
      if (content != null) {
        if (content.length != vocab.items() || content.length == 0) {
          throw new IllegalArgumentException(
              content.length + " content vectors for " + vocab.items() + " items");
        }
        int c = content[0].length;
        float[] flat = new float[content.length * c];
        for (int i = 0; i < content.length; i++) {
          if (content[i].length != c) {
            throw new IllegalArgumentException(
                "content vector of item " + i + " has " + content[i].length + " values, not " + c);
          }
          System.arraycopy(content[i], 0, flat, i * c, c);
        }
        this.content = net.manager().create(flat, new Shape(content.length, c));
        this.contentProjection =
            new Linear(net.parameters(), "ctr.content", c, config.dim(), 0.02, random);
      } else {
        this.content = null;
        this.contentProjection = null;
      }
      boolean wide = candidateSkip || itemIds || content != null;
      int in =
          (wide ? 2 * config.dim() : config.dim())
              + (historyPool ? config.dim() : 0)
              + (head.feedbackInHead() ? FEEDBACK_FEATURES : 0);
      feedbackInHead = head.feedbackInHead();
      hidden = new Linear(net.parameters(), "ctr.hidden", in, config.dim(), 0.1, random);
      out = new Linear(net.parameters(), "ctr.out", config.dim(), 1, 0.1, random);
      feedback =
          head.userFeedback()
              ? new Linear(net.parameters(), "ctr.feedback", FEEDBACK_FEATURES, 1, 0.1, random)
              : null;
    } catch (RuntimeException e) {
      net.close();
      throw e;
    }
  }

  public Hmat network() {
    return net;
  }

  public HmatConfig config() {
    return net.config();
  }

  public SidVocabulary vocabulary() {
    return net.vocabulary();
  }

  public Parameters parameters() {
    return net.parameters();
  }

  /**
   * Click logits of every (user, candidate) pair, each candidate seeing all of its user's history.
   *
   * @param histories per user, chronological ItemIds (the last {@code maxItems} are read)
   * @param candidates per user, the same number C of candidate ItemIds
   * @return [U * C] logits, user-major
   */
  public NDArray logits(int[][] histories, int[][] candidates) {
    return logits(histories, candidates, null);
  }

  /**
   * As above with each user's earlier feedback (required when the network reads it, ignored
   * otherwise).
   *
   * @param feedback per user, or null for a network without {@link #userFeedback()}
   */
  public NDArray logits(int[][] histories, int[][] candidates, UserFeedback[] feedback) {
    return logitsPerRow(histories, candidates, perRow(feedback, candidates));
  }

  /**
   * As above with the earlier feedback given per (user, candidate) row, user-major: candidates of
   * one history whose feedback differs (examples at different times between the same two positives)
   * share one encoded history.
   *
   * @param feedback per row, or null for a network without {@link #userFeedback()}
   */
  NDArray logitsPerRow(int[][] histories, int[][] candidates, UserFeedback[] feedback) {
    int[][] cut = new int[histories.length][];
    int[][] visible = new int[histories.length][];
    int n = config().maxItems();
    for (int u = 0; u < histories.length; u++) {
      cut[u] = Hmat.lastItems(histories[u], n);
      visible[u] = new int[candidates[u].length];
      java.util.Arrays.fill(visible[u], cut[u].length);
    }
    return logits(cut, candidates, visible, feedback, false);
  }

  /**
   * Encodes one user's history for later {@link #score(KvCache, int[])} calls: the anchor cache a
   * server keeps per user (the history's anchors under HMAT, every history token otherwise).
   */
  public KvCache encodeHistory(int[] history) {
    KvCache cache = net.encode(new int[][] {history}, false, historyTable()); // last maxItems
    if (historyPool) {
      int[] cut = Hmat.lastItems(history, config().maxItems());
      cache.pool(pool(new int[][] {cut}, new int[][] {{cut.length}})); // [1, D]
    }
    return cache;
  }

  /**
   * Logits of {@code candidates} for the one user whose history {@code cached} holds, without
   * touching the history again; equal to {@link #logits(int[][], int[][])} of that history.
   *
   * @param cached from {@link #encodeHistory} (not modified: each call decodes on a fresh state)
   * @return [C] logits
   */
  public NDArray score(KvCache cached, int[] candidates) {
    return score(cached, candidates, null);
  }

  /**
   * As above with the user's earlier feedback (required when the network reads it, ignored
   * otherwise): equal to {@link #logits(int[][], int[][], UserFeedback[])} of that history.
   */
  public NDArray score(KvCache cached, int[] candidates, UserFeedback userFeedback) {
    if (cached.users() != 1) {
      throw new IllegalArgumentException("a cached history of one user, got " + cached.users());
    }
    for (int item : candidates) {
      checkCandidate(item);
    }
    int c = candidates.length;
    NDArray h =
        net.decodeItems(
            cached.reuse(),
            candidateTokens(candidates),
            net.perItem(),
            null,
            null,
            lastTokenInput(candidates)); // [C, D]
    NDArray pool = null;
    if (historyPool) {
      if (cached.pool() == null) {
        throw new IllegalArgumentException("the cached history has no pool: use encodeHistory");
      }
      pool = cached.pool().tile(new long[] {c, 1}); // [C, D]
    }
    return head(
        h,
        candidates,
        pool,
        perRow(
            userFeedback == null ? null : new UserFeedback[] {userFeedback},
            new int[][] {candidates}));
  }

  /**
   * Click logits where candidate {@code c} of user {@code u} sees the first {@code visible[u][c]}
   * items of {@code windows[u]} only.
   *
   * @param windows per user, chronological ItemIds, at most {@code maxItems}
   * @param candidates per user, the same number C of candidate ItemIds
   * @param visible per user and candidate, in [0, windows[u].length]
   * @param feedback per row (user-major), the earlier feedback of that row's user at that row's
   *     time, or null for a network without {@link #userFeedback()}
   * @return [U * C] logits, user-major
   */
  NDArray logits(
      int[][] windows,
      int[][] candidates,
      int[][] visible,
      UserFeedback[] feedback,
      boolean training) {
    int users = windows.length;
    if (users == 0 || candidates.length != users || visible.length != users) {
      throw new IllegalArgumentException(
          users + " histories, " + candidates.length + " candidate lists, " + visible.length);
    }
    int c = candidates[0].length;
    for (int u = 0; u < users; u++) {
      if (windows[u].length > config().maxItems()) {
        throw new IllegalArgumentException(
            "history of " + windows[u].length + " items, the network reads " + config().maxItems());
      }
      if (candidates[u].length != c || visible[u].length != c) {
        throw new IllegalArgumentException(
            "user " + u + " has " + candidates[u].length + " candidates, user 0 has " + c);
      }
      for (int k = 0; k < c; k++) {
        checkCandidate(candidates[u][k]);
        if (visible[u][k] < 0 || visible[u][k] > windows[u].length) {
          throw new IllegalArgumentException(
              "candidate "
                  + k
                  + " of user "
                  + u
                  + " sees "
                  + visible[u][k]
                  + " items of "
                  + windows[u].length);
        }
      }
    }
    if (c == 0) {
      throw new IllegalArgumentException("no candidates to score");
    }
    KvCache cache = net.encode(windows, training, historyTable());
    int slots = cache.itemSlots();
    boolean anchors = config().anchors();
    int p = net.perItem();
    int memory = anchors ? slots : slots * p;
    int rows = users * c;
    int[] slot = new int[rows];
    float[] bias = new float[rows * memory];
    for (int u = 0; u < users; u++) {
      int first = slots - windows[u].length;
      for (int k = 0; k < c; k++) {
        int r = u * c + k;
        int end = first + visible[u][k];
        slot[r] = end;
        for (int j = 0; j < memory; j++) {
          int s = anchors ? j : j / p;
          bias[r * memory + j] = s >= first && s < end ? 0f : AttentionKernels.MASKED;
        }
      }
    }
    NDManager m = net.manager();
    NDArray memBias = m.create(bias, new Shape(users, 1, c, memory)); // [U, 1, C, M]
    int[] flat = new int[rows];
    for (int u = 0; u < users; u++) {
      System.arraycopy(candidates[u], 0, flat, u * c, c);
    }
    NDArray h =
        net.decodeItems(
            cache, candidateTokens(flat), p, slot, memBias, lastTokenInput(flat)); // [R, D]
    return head(h, flat, historyPool ? pool(windows, visible) : null, feedback);
  }

  public boolean candidateSkip() {
    return candidateSkip;
  }

  public boolean historyItemIds() {
    return historyItemIds;
  }

  public boolean historyPool() {
    return historyPool;
  }

  /** Whether the logit reads the user's earlier feedback. */
  public boolean userFeedback() {
    return feedback != null;
  }

  /** Number of values {@link #feedbackFeatures} gives. */
  static final int FEEDBACK_FEATURES = UserFeedback.FEATURES;

  /** {@link UserFeedback#features()} as floats: what the network reads of the feedback. */
  static float[] feedbackFeatures(UserFeedback f) {
    double[] x = f.features();
    float[] out = new float[x.length];
    for (int k = 0; k < x.length; k++) {
      out[k] = (float) x[k];
    }
    return out;
  }

  /** Each user's feedback repeated for each of its candidates, or null when none was given. */
  private static UserFeedback[] perRow(UserFeedback[] perUser, int[][] candidates) {
    if (perUser == null) {
      return null;
    }
    if (perUser.length != candidates.length) {
      throw new IllegalArgumentException(
          perUser.length + " users' feedback for " + candidates.length + " users");
    }
    int rows = 0;
    for (int[] c : candidates) {
      rows += c.length;
    }
    UserFeedback[] out = new UserFeedback[rows];
    int r = 0;
    for (int u = 0; u < perUser.length; u++) {
      if (perUser[u] == null) {
        throw new IllegalArgumentException("no feedback for user " + u);
      }
      for (int k = 0; k < candidates[u].length; k++) {
        out[r++] = perUser[u];
      }
    }
    return out;
  }

  /**
   * The history pool of every (user, candidate) row: the mean over the first {@code visible[u][k]}
   * items of {@code windows[u]} of each item's summed code embeddings, zero when it sees none.
   *
   * @return [U * C, D], user-major
   */
  NDArray pool(int[][] windows, int[][] visible) {
    int users = windows.length;
    int c = visible[0].length;
    int n = 1;
    for (int[] w : windows) {
      n = Math.max(n, w.length);
    }
    int[] flat = new int[users * n]; // padding slots read item 0 with weight 0
    float[] weights = new float[users * c * n];
    for (int u = 0; u < users; u++) {
      System.arraycopy(windows[u], 0, flat, u * n, windows[u].length);
      for (int k = 0; k < c; k++) {
        int seen = visible[u][k];
        for (int j = 0; j < seen; j++) {
          weights[(u * c + k) * n + j] = 1f / seen;
        }
      }
    }
    NDArray items = net.codeSum(flat).reshape(users, n, config().dim()); // [U, N, D]
    NDArray w = net.manager().create(weights, new Shape(users, c, n));
    return w.matMul(items).reshape(users * c, config().dim());
  }

  /** The item table the transformer reads beside the codes, or null. */
  private NDArray historyTable() {
    return historyItemIds ? itemIds : null;
  }

  /** What the candidates' last tokens add to their inputs: [R, D], or null. */
  private NDArray lastTokenInput(int[] items) {
    NDArray ids = historyItemIds ? rowsOf(itemIds, items) : null;
    NDArray content = net.anchorInput(items);
    if (content == null) {
      return ids;
    }
    return ids == null ? content : ids.add(content);
  }

  public boolean itemIds() {
    return itemIds != null;
  }

  /** The fixed content vectors the head reads, or null. */
  public float[][] content() {
    return contentRows;
  }

  /**
   * The CTR head on the candidates' final hidden states: [R, D] -> [R] logits.
   *
   * @param items the R candidates (read by the candidate skip)
   * @param pool [R, D] history pool of each row's user, or null when the head has none
   * @param userFeedback per row, the user's earlier feedback (null when the network reads none)
   */
  NDArray head(NDArray h, int[] items, NDArray pool, UserFeedback[] userFeedback) {
    NDArray skip = candidateSkip ? net.codeSum(items) : null; // [R, D]
    if (itemIds != null) {
      NDArray id = rowsOf(itemIds, items); // [R, D]
      skip = skip == null ? id : skip.add(id);
    }
    if (content != null) {
      NDArray x = contentProjection.forward(rowsOf(content, items)); // [R, D]
      skip = skip == null ? x : skip.add(x);
    }
    NDArray in = skip == null ? h : h.concat(skip, 1); // [R, D] or [R, 2D]
    if (historyPool) {
      in = in.concat(pool, 1);
    }
    NDArray f = null; // [R, 2] feedback features per row
    if (feedback != null) {
      if (userFeedback == null || userFeedback.length != items.length) {
        throw new IllegalArgumentException(
            "this model reads the user's earlier feedback (ctr.train.userFeedback): give the"
                + " positives and ratings before the scored interaction for each of "
                + items.length
                + " rows");
      }
      float[] values = new float[items.length * FEEDBACK_FEATURES];
      for (int r = 0; r < items.length; r++) {
        System.arraycopy(
            feedbackFeatures(userFeedback[r]), 0, values, r * FEEDBACK_FEATURES, FEEDBACK_FEATURES);
      }
      f = net.manager().create(values, new Shape(items.length, FEEDBACK_FEATURES));
      if (feedbackInHead) {
        in = in.concat(f, 1);
      }
    }
    NDArray z = out.forward(Activation.gelu(hidden.forward(in))); // [R, 1]
    if (f != null) {
      z = z.add(feedback.forward(f));
    }
    return z.reshape(z.getShape().get(0));
  }

  /** Token {@code step} of a candidate item: its code at that level, or the closing anchor. */
  private long candidateToken(int item, int step) {
    SidVocabulary vocab = vocabulary();
    return step < vocab.levels() ? vocab.token(step, vocab.code(item, step)) : SidVocabulary.ANCHOR;
  }

  /** [R * P] every candidate's tokens (codes, then the anchor), row-major. */
  private long[] candidateTokens(int[] items) {
    int p = net.perItem();
    long[] tokens = new long[items.length * p];
    for (int r = 0; r < items.length; r++) {
      for (int step = 0; step < p; step++) {
        tokens[r * p + step] = candidateToken(items[r], step);
      }
    }
    return tokens;
  }

  private void checkCandidate(int item) {
    if (item < 0 || item >= vocabulary().items()) {
      throw new IllegalArgumentException(
          "candidate ItemId " + item + " outside the catalogue of " + vocabulary().items());
    }
  }

  /** Rows {@code items} of a per-item table: [items.length, ...]. */
  private NDArray rowsOf(NDArray table, int[] items) {
    long[] rows = new long[items.length];
    for (int r = 0; r < rows.length; r++) {
      rows[r] = items[r];
    }
    return table.get(new ai.djl.ndarray.index.NDIndex("{}", net.manager().create(rows)));
  }

  /**
   * Mean binary cross-entropy of {@code logits} against {@code labels}, weighted (weight 0 drops a
   * padding row): {@code Σ w (softplus(z) - y z) / Σ w}.
   *
   * @return scalar
   */
  static NDArray loss(NDArray logits, float[] labels, float[] weights) {
    NDManager m = logits.getManager();
    Shape shape = new Shape(labels.length);
    NDArray y = NdOps.owned(m, labels, shape);
    NDArray w = NdOps.owned(m, weights, shape);
    float total = 0;
    for (float v : weights) {
      total += v;
    }
    NDArray perRow = Activation.softPlus(logits).sub(logits.mul(y)); // [R]
    return NdOps.div(perRow.mul(w).sum(), total);
  }

  @Override
  public void close() {
    net.close();
  }
}
