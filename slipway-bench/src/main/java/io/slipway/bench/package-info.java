/**
  * JMH benchmarks, run from target/benchmarks.jar by the scripts under bench/ (never by mvn verify).
  *
  * <p>Flag evaluation compares Slipway with the Unleash Java SDK on one {@link
  * io.slipway.bench.RolloutWorkload}: each side is a class named {@code <Side>EvaluationBenchmark}
  * with an {@code isEnabled} method, so bench/flag-eval can pair them. {@link
  * io.slipway.bench.UnleashEvaluationBenchmark} is the Unleash side; the Slipway side,
  * {@code SlipwayEvaluationBenchmark} over {@code io.slipway.flags.Evaluator}, comes with the
  * slipway-flags module.
  */
package io.slipway.bench;
