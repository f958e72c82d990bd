package dev.hisam.cli;

import java.util.List;

/**
 * Published P1 numbers on Amazon-2014 Beauty (full ranking, leave-one-out), as DESIGN.md section 3
 * lists them; the report prints ours beside them.
 */
record Published(String model, double r5, double r10, double n5, double n10, String source) {
  static final List<Published> BEAUTY =
      List.of(
          new Published("TIGER", 0.0454, 0.0648, 0.0321, 0.0384, "Rajput et al. 2023"),
          new Published("LETTER-TIGER", 0.0431, 0.0672, 0.0286, 0.0364, "Wang et al. 2024"),
          new Published("RPG", 0.0550, 0.0809, 0.0381, 0.0464, "Hou et al. 2025"),
          new Published("SASRec (tuned)", 0.0508, 0.0740, 0.0348, 0.0423, "as reported by RPG"));
}
