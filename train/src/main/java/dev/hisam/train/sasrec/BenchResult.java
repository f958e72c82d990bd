package dev.hisam.train.sasrec;

import dev.hisam.model.sasrec.SasRecConfig;

/**
 * SASRec efficiency on one dataset and machine.
 *
 * @param model network shape benchmarked
 * @param batchSize sequences per step
 * @param epochs epochs timed
 * @param tokensPerEpoch input positions trained on per epoch
 * @param secondsPerEpoch mean wall time of one training epoch
 * @param tokensPerSecond training throughput in input positions per second
 * @param cpuSecondsPerEpoch process CPU time (all threads) per training epoch: wall time on an idle
 *     machine is about this divided by the usable cores; compare it when the machine is shared
 * @param latencyUsers users timed for latency (after warm-up)
 * @param p50Millis median one-user latency: history -> top-10 over the whole catalogue
 * @param p99Millis 99th percentile of the same
 * @param peakRssMiB peak resident set size of this process (VmHWM), or -1 when unknown
 * @param threads PyTorch intra-op threads (system property), or -1 when unset
 */
public record BenchResult(
    SasRecConfig model,
    int batchSize,
    int epochs,
    long tokensPerEpoch,
    double secondsPerEpoch,
    double tokensPerSecond,
    double cpuSecondsPerEpoch,
    int latencyUsers,
    double p50Millis,
    double p99Millis,
    long peakRssMiB,
    int threads) {}
