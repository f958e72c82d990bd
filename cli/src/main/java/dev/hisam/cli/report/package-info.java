/** The run report: markdown tables and PNG plots drawn from a run's metrics.json and log.jsonl. */
package dev.hisam.cli.report;
