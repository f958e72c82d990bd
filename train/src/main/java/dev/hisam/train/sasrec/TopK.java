package dev.hisam.train.sasrec;

/** Top-k selection over a score vector with the P1 tie rule (equal scores: smaller id first). */
final class TopK {
  private TopK() {}

  /** Indices of the {@code k} best scores, best first. O(n k) worst case, O(n) typical. */
  static int[] select(float[] scores, int k) {
    int kk = Math.min(k, scores.length);
    int[] ids = new int[kk];
    float[] vals = new float[kk];
    int size = 0;
    for (int i = 0; i < scores.length; i++) {
      float s = scores[i];
      if (size == kk && !(s > vals[kk - 1])) {
        continue; // not strictly better than the worst kept (ties keep the smaller, earlier id)
      }
      int pos = size == kk ? kk - 1 : size++;
      while (pos > 0 && s > vals[pos - 1]) {
        vals[pos] = vals[pos - 1];
        ids[pos] = ids[pos - 1];
        pos--;
      }
      vals[pos] = s;
      ids[pos] = i;
    }
    return ids;
  }
}
